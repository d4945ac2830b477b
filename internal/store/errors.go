package store

import (
	"fmt"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// ReadBackError is an operation the server applied whose resulting user
// could not be read back. The write happened: callers should record what
// they can rather than report the operation as not done.
type ReadBackError struct {
	Operation client.SyncOperation // password removed
	Err       error
}

func (e *ReadBackError) Error() string {
	return fmt.Sprintf("%s %s was applied, but reading the user back failed: %v",
		e.Operation.Method, e.Operation.UserLoginID, e.Err)
}

func (e *ReadBackError) Unwrap() error { return e.Err }

// withoutPassword is op as it may appear in errors and logs.
func withoutPassword(op client.SyncOperation) client.SyncOperation {
	op.UserPassword = nil
	return op
}
