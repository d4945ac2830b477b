package store

// authenticated is the part of *client.Client that names the user it
// authenticates as. It is not part of API: the store's test fakes do not
// authenticate, and a store over one has no own user.
type authenticated interface{ Username() string }

// OwnUser is the login id the provider authenticates as, or "" when the
// API does not say. Plans refuse to lock that user out (the provider's
// self-lockout checks).
func (s *Store) OwnUser() string {
	if a, ok := s.api.(authenticated); ok {
		return a.Username()
	}
	return ""
}
