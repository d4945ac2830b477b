package client

import "context"

// Limits are the server's limits and policies (API.md Part B, GET /limits),
// which a plan checks before anything is written.
type Limits struct {
	// MaxActiveAPIUsers is how many API users may be ACTIVE at once; 0 means
	// no limit.
	MaxActiveAPIUsers int `json:"maxActiveApiUsers"`
	// EraseOnlyFromTrash: the server deletes an API user only once its
	// status is TRASH.
	EraseOnlyFromTrash bool `json:"eraseOnlyFromTrash"`
}

// ExtensionLimits names the GET /limits extension in a MissingExtensionError.
const ExtensionLimits = "limits and policies"

// Limits is GET /limits. A server without it (404) gives a
// *MissingExtensionError: the server says nothing of its limits, which is
// no failure; callers fall back to the provider's settings.
func (c *Client) Limits(ctx context.Context) (Limits, error) {
	l, err := getPartB[Limits](ctx, c, "/limits", ExtensionLimits, "a JSON object of limits")
	if err != nil {
		return Limits{}, err
	}
	if l.MaxActiveAPIUsers < 0 {
		l.MaxActiveAPIUsers = 0 // not a limit API.md defines: read as none
	}
	return l, nil
}
