package store

import (
	"errors"
	"sync"
	"testing"
)

func TestCataloguesReadOncePerProcess(t *testing.T) {
	api := newFakeAPI()
	s := New(api, Options{})
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			roles, err1 := s.Roles(t.Context())
			projects, err2 := s.Projects(t.Context())
			branches, err3 := s.Branches(t.Context())
			groups, err4 := s.Groups(t.Context())
			if err := errors.Join(err1, err2, err3, err4); err != nil {
				t.Error(err)
				return
			}
			if len(roles) != 2 || len(projects) != 2 || len(branches) != 2 || len(groups) != 1 {
				t.Errorf("catalogues = %v %v %v %v", roles, projects, branches, groups)
			}
		})
	}
	wg.Wait()
	for _, m := range []string{"ListRoles", "ListProjects", "ListBranches", "ListGroups"} {
		if n := api.count(m); n != 1 {
			t.Errorf("%s called %d times, want 1", m, n)
		}
	}
}

func TestCatalogueErrorsAreNotCached(t *testing.T) {
	api := newFakeAPI()
	api.catalogErr = errors.New("503 service unavailable")
	s := New(api, Options{})
	if _, err := s.Roles(t.Context()); err == nil {
		t.Fatal("Roles() gave no error while the server fails")
	}
	api.mu.Lock()
	api.catalogErr = nil
	api.mu.Unlock()
	if roles, err := s.Roles(t.Context()); err != nil || len(roles) != 2 {
		t.Errorf("Roles() after recovery = %v, %v", roles, err)
	}
	if n := api.count("ListRoles"); n != 2 {
		t.Errorf("ListRoles called %d times, want 2", n)
	}
}
