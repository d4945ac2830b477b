package mockserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// This file holds the PUT /users/sync body: its operations and how each
// protocol decodes them.

// documentedOperation holds the fields API.md Part A gives an operation. A
// nil pointer is an absent (or null) field.
type documentedOperation struct {
	Method       string  `json:"method"`
	UserLoginID  *string `json:"userLoginId"`
	BranchIDs    *string `json:"branchIds"`
	FirstName    *string `json:"firstName"`
	LastName     *string `json:"lastName"`
	Email        *string `json:"email"`
	UserPassword *string `json:"userPassword"`
	GroupID      *int64  `json:"groupId"`
	UserGroup    *string `json:"userGroup"`
}

// syncOperation is one element of the body: the documented fields (embedded,
// so JSON sees them as its own) and the extension fields.
type syncOperation struct {
	documentedOperation
	Description  *string `json:"description"`
	Status       *string `json:"status"`
	APIUser      *bool   `json:"apiUser"`
	Organization *string `json:"organization"`
	Language     *string `json:"language"`
	Timezone     *string `json:"timezone"`
	PrivateNote  *string `json:"privateNote"`

	// unknownFields are the keys a documented server with UnknownFieldsReject
	// does not know, sorted; an operation with any is rejected (false).
	unknownFields []string
}

// Sync methods.
const (
	methodAdd    = "ADD"
	methodModify = "MODIFY"
	methodDelete = "DELETE"
)

// errBadSyncBody marks a body the mock answers with 400 rather than false.
var errBadSyncBody = errors.New("bad sync body")

// decodeSyncBody parses the body as a server configured by opts (after
// withDefaults) would: a JSON array of operation objects with fields of the
// right types and a known method, nothing after it. The extended protocol
// knows every field and refuses others; the documented one knows Part A's.
func decodeSyncBody(body []byte, opts Options) ([]syncOperation, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '[' {
		return nil, fmt.Errorf("%w: the body must be a JSON array of operations", errBadSyncBody)
	}
	var ops []syncOperation
	var err error
	if opts.Protocol == ProtocolDocumented {
		ops, err = decodeDocumentedOperations(trimmed, opts.UnknownFields == UnknownFieldsReject)
	} else {
		err = decodeArray(trimmed, &ops, true)
	}
	if err != nil {
		return nil, err
	}
	// A null element decodes as an operation without method and is rejected here.
	for i, op := range ops {
		switch op.Method {
		case methodAdd, methodModify, methodDelete:
		default:
			return nil, fmt.Errorf("%w: operation %d: unknown method %s; want ADD, MODIFY or DELETE", errBadSyncBody, i, quote(op.Method))
		}
	}
	return ops, nil
}

// decodeArray decodes the whole of body into v; strict refuses object keys v lacks.
func decodeArray(body []byte, v any, strict bool) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: the body is not a JSON array of operations: %w", errBadSyncBody, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: unexpected data after the JSON array", errBadSyncBody)
	}
	return nil
}

// decodeDocumentedOperations decodes the documented fields of each element
// and leaves the others alone: a server that does not know a field neither
// stores nor checks it, whatever its type. With reject, it notes them.
func decodeDocumentedOperations(body []byte, reject bool) ([]syncOperation, error) {
	var elements []json.RawMessage
	if err := decodeArray(body, &elements, false); err != nil {
		return nil, err
	}
	ops := make([]syncOperation, len(elements))
	for i, raw := range elements {
		if err := json.Unmarshal(raw, &ops[i].documentedOperation); err != nil {
			return nil, fmt.Errorf("%w: the body is not a JSON array of operations: operation %d: %w", errBadSyncBody, i, err)
		}
		if !reject {
			continue
		}
		var fields map[string]json.RawMessage
		_ = json.Unmarshal(raw, &fields) // an object or null: it decoded as an operation above
		for name := range fields {
			if !documentedOperationFields[strings.ToLower(name)] {
				ops[i].unknownFields = append(ops[i].unknownFields, name)
			}
		}
		slices.Sort(ops[i].unknownFields)
	}
	return ops, nil
}

// documentedOperationFields are the JSON keys of documentedOperation,
// lower-cased: encoding/json matches keys case-insensitively, so "FirstName"
// is the field firstName, not an unknown one.
var documentedOperationFields = func() map[string]bool {
	data, _ := json.Marshal(documentedOperation{})
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(data, &fields)
	known := make(map[string]bool, len(fields))
	for name := range fields {
		known[strings.ToLower(name)] = true
	}
	return known
}()
