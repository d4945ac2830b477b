package client

// This file holds the wire types of the Users API (../shared/API.md). Extension
// fields (Part B) are pointers so that a server speaking only Part A, which
// omits them, can be told apart from one that sends an empty value.

// User is one element of GET /users and the body of GET /users/{userID}.
type User struct {
	Key          int64  `json:"key"`
	UserID       string `json:"userID"`
	FirstName    string `json:"firstName"`
	LastName     string `json:"lastName"`
	Email        string `json:"email"`
	Encrypted    int    `json:"encrypted"`
	TokenExpires int64  `json:"tokenExpires"`

	// Extension fields: nil when the server does not send them.
	Description       *string   `json:"description,omitempty"`
	BranchIDs         BranchIDs `json:"branchIds,omitzero"`
	GroupID           *int64    `json:"groupId,omitempty"`
	UserGroup         *string   `json:"userGroup,omitempty"`
	Status            *string   `json:"status,omitempty"`
	APIUser           *bool     `json:"apiUser,omitempty"`
	Organization      *string   `json:"organization,omitempty"`
	Language          *string   `json:"language,omitempty"`
	Timezone          *string   `json:"timezone,omitempty"`
	PrivateNote       *string   `json:"privateNote,omitempty"`
	PasswordChangedAt *string   `json:"passwordChangedAt,omitempty"`
}

// User statuses (API.md: status).
const (
	StatusActive   = "ACTIVE"
	StatusInactive = "INACTIVE"
	StatusTrash    = "TRASH"
)

// SyncMethod is the method of one PUT /users/sync operation.
type SyncMethod string

const (
	SyncAdd    SyncMethod = "ADD"
	SyncModify SyncMethod = "MODIFY"
	SyncDelete SyncMethod = "DELETE"
)

// SyncOperation is one element of the PUT /users/sync body. A nil pointer is
// an absent field (MODIFY leaves it unchanged); a pointer to "" clears it.
// BranchIDs: nil is absent, an empty non-nil slice is sent as "".
type SyncOperation struct {
	Method       SyncMethod `json:"method"`
	UserLoginID  string     `json:"userLoginId"`
	BranchIDs    BranchIDs  `json:"branchIds,omitzero"`
	FirstName    *string    `json:"firstName,omitempty"`
	LastName     *string    `json:"lastName,omitempty"`
	Email        *string    `json:"email,omitempty"`
	UserPassword *string    `json:"userPassword,omitempty"`
	GroupID      *int64     `json:"groupId,omitempty"`
	UserGroup    *string    `json:"userGroup,omitempty"`
	Description  *string    `json:"description,omitempty"`
	Status       *string    `json:"status,omitempty"`
	APIUser      *bool      `json:"apiUser,omitempty"`
	Organization *string    `json:"organization,omitempty"`
	Language     *string    `json:"language,omitempty"`
	Timezone     *string    `json:"timezone,omitempty"`
	PrivateNote  *string    `json:"privateNote,omitempty"`
}

// Role is one element of GET /roles.
type Role struct {
	RoleID      string `json:"roleId"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Project is one element of GET /projects.
type Project struct {
	ProjectID string `json:"projectId"`
	Name      string `json:"name"`
}

// ProjectPrivileges is one user's privilege set on one project.
type ProjectPrivileges struct {
	ProjectID  string   `json:"projectId,omitempty"`
	UserID     string   `json:"userID"`
	Privileges []string `json:"privileges"`
}

// Branch is one element of GET /branches.
type Branch struct {
	BranchID int64  `json:"branchId"`
	Name     string `json:"name"`
}

// Group is one element of GET /groups.
type Group struct {
	GroupID int64  `json:"groupId"`
	Name    string `json:"name"`
}
