package client

import "strings"

// LoginKey is the one form in which login ids are compared and used as map
// keys: the server's login ids are case-insensitive (Part A of the Server
// API guide), so "Payroll" and "payroll" name the same user.
func LoginKey(loginID string) string { return strings.ToLower(loginID) }
