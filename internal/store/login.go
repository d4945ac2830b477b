package store

import (
	"context"
	"errors"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// loginAPI is the part of *client.Client that logs in as another user. It is
// not part of API: the store's test fakes do not authenticate.
type loginAPI interface {
	Login(ctx context.Context, username, password string) (client.Token, error)
}

// Login is GET /auth as loginID (apiusers_login): the provider's own token is
// left as it is.
func (s *Store) Login(ctx context.Context, loginID, password string) (client.Token, error) {
	l, ok := s.api.(loginAPI)
	if !ok {
		return client.Token{}, errors.New("this connection to the server cannot log in as another user")
	}
	return l.Login(ctx, loginID, password)
}
