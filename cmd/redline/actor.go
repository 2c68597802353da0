package main

import (
	"fmt"
	"os"
	"os/user"
	"strconv"
	"strings"
)

// cliActor names who runs a command, for the audit log: "cli:" and the
// operating-system account of the process, looked up by its user id (not
// taken from $USER, which any caller can set to anything), then, after a
// slash, the --actor name when one is given, e.g. "cli:svc-redline/alice"
// for a person working through a shared service account. The account is
// what the operating system vouches for; the --actor name is the caller's
// own claim, recorded as such.
func cliActor(a *app) string {
	name := "uid:" + strconv.Itoa(os.Getuid())
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	out := "cli:" + name
	if who := strings.TrimSpace(a.actorName); who != "" {
		out += "/" + strings.Map(func(r rune) rune {
			if r < ' ' || r == 0x7f {
				return -1
			}
			return r
		}, who)
	}
	return out
}

// dataDirMode is the mode of the data folder: it holds the case store
// (password and key hashes, screened names, decisions) and the lists.
const dataDirMode = 0o700

// ensureDataDir creates the data folder with dataDirMode, or narrows the
// mode of an existing one that others can read or enter.
func ensureDataDir(a *app) error {
	if err := os.MkdirAll(a.dataDir, dataDirMode); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	st, err := os.Stat(a.dataDir)
	if err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(a.dataDir, dataDirMode); err != nil {
			return fmt.Errorf("data folder %s: restricting it to its owner: %w", a.dataDir, err)
		}
	}
	return nil
}
