package seed

import (
	"os"
	"path/filepath"
	"strings"
)

// DeviceTokens is a folder that keeps the device token Helio issued to each
// account's log-in from the bench driver, one file per login, so that the
// account's next log-in from that device presents it and is a known device:
// a device label alone is no device, and Helio asks an account with a known
// device for a step-up when an unknown one logs in. An empty DeviceTokens
// keeps nothing.
type DeviceTokens string

// Get answers the token kept for login, or "" when there is none.
func (d DeviceTokens) Get(login string) string {
	if d == "" {
		return ""
	}
	raw, err := os.ReadFile(filepath.Join(string(d), login))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(raw))
}

// Keep stores token as login's, creating the folder when needed.
func (d DeviceTokens) Keep(login, token string) error {
	if d == "" || token == "" {
		return nil
	}
	if err := os.MkdirAll(string(d), 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(string(d), login), []byte(token+"\n"), 0o600)
}
