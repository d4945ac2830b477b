package provider

import (
	"os"
	"testing"
)

func TestSilenceUnreadSDKLogs(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string // TF_LOG_SDK afterwards
	}{
		{"nothing would show the logs", nil, "OFF"},
		{"TF_LOG shows them", map[string]string{"TF_LOG": "DEBUG"}, ""},
		{"TF_LOG_PROVIDER shows them", map[string]string{"TF_LOG_PROVIDER": "TRACE"}, ""},
		{"TF_LOG_SDK asks for them", map[string]string{"TF_LOG_SDK": "TRACE"}, "TRACE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, v := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK"} {
				t.Setenv(v, tc.env[v]) // restored after the test
				if tc.env[v] == "" {
					os.Unsetenv(v)
				}
			}
			SilenceUnreadSDKLogs()
			if got := os.Getenv("TF_LOG_SDK"); got != tc.want {
				t.Errorf("TF_LOG_SDK = %q, want %q", got, tc.want)
			}
		})
	}
}
