package client

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// FuzzSyncOperationJSON: any body that decodes into sync operations encodes
// back to one that decodes to the same operations (the encoder and decoder
// agree, including BranchIDs' pipe form), and decoding never panics.
func FuzzSyncOperationJSON(f *testing.F) {
	f.Add(`[{"method":"ADD","userLoginId":"jdoe","branchIds":"101|102","firstName":"J","lastName":"D","userPassword":"Pw-1234567"}]`)
	f.Add(`[{"method":"MODIFY","userLoginId":"jdoe","email":"","groupId":4,"status":"INACTIVE","apiUser":true}]`)
	f.Add(`[{"method":"DELETE","userLoginId":"x","branchIds":""}]`)
	f.Add(`[{"method":"ADD","branchIds":"1|2|x"}]`)
	f.Add(`[null, {}]`)
	f.Fuzz(func(t *testing.T, body string) {
		var ops []SyncOperation
		if json.Unmarshal([]byte(body), &ops) != nil {
			return
		}
		encoded, err := json.Marshal(ops)
		if err != nil {
			t.Fatalf("operations decoded from %q do not encode: %v", body, err)
		}
		var again []SyncOperation
		if err := json.Unmarshal(encoded, &again); err != nil {
			t.Fatalf("the encoding %s of decoded operations does not decode: %v", encoded, err)
		}
		if len(ops) == 0 && len(again) == 0 {
			return // nil and empty encode alike
		}
		if !reflect.DeepEqual(normalizeOps(ops), normalizeOps(again)) {
			t.Fatalf("round trip changed the operations:\n %+v\n %+v", ops, again)
		}
	})
}

// normalizeOps treats an empty BranchIDs like a missing one: the encoder
// omits both.
func normalizeOps(ops []SyncOperation) []SyncOperation {
	out := make([]SyncOperation, len(ops))
	for i, op := range ops {
		if len(op.BranchIDs) == 0 {
			op.BranchIDs = nil
		}
		out[i] = op
	}
	return out
}

// FuzzExplainSyncFailure: whatever the operations and the read-back, the
// explanation never panics and never contains a password of the batch.
func FuzzExplainSyncFailure(f *testing.F) {
	f.Add(`[{"method":"ADD","userLoginId":"jdoe","firstName":"J","lastName":"D"}]`, `[{"key":1,"userID":"JDoe","status":"ACTIVE","apiUser":true}]`)
	f.Add(`[{"method":"MODIFY","userLoginId":"ghost","email":"bad"},{"method":"DELETE","userLoginId":"ghost"}]`, `[]`)
	f.Add(`[{"method":"PATCH","userLoginId":"a"}]`, `[{"key":1,"userID":"a","branchIds":"101"}]`)
	f.Fuzz(func(t *testing.T, opsJSON, usersJSON string) {
		var ops []SyncOperation
		var users []User
		if json.Unmarshal([]byte(opsJSON), &ops) != nil || json.Unmarshal([]byte(usersJSON), &users) != nil {
			return
		}
		// Passwords no other text can contain by chance.
		var secrets []string
		for i := range ops {
			pw := fmt.Sprintf("Secret-Pw-%d-zQ9xKv", i)
			ops[i].UserPassword = &pw
			secrets = append(secrets, pw)
		}
		got := ExplainSyncFailure(ops, users)
		for _, s := range secrets {
			if strings.Contains(got, s) {
				t.Fatalf("the explanation reveals a password: %s", got)
			}
		}
	})
}
