package casestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// AddUser creates a user with a password.
func (db *DB) AddUser(ctx context.Context, actor, name string, role Role, password string) (User, error) {
	name = strings.TrimSpace(name)
	if name == "" || strings.ContainsAny(name, " \t\r\n:") || len(name) > 64 {
		return User{}, fmt.Errorf("casestore: add user %q: %w: a name is 1-64 characters without spaces or colons", name, ErrInvalid)
	}
	if !role.Valid() {
		return User{}, fmt.Errorf("casestore: add user %s: %w: role %q", name, ErrInvalid, role)
	}
	if len(password) < 8 {
		return User{}, fmt.Errorf("casestore: add user %s: %w: password shorter than 8 characters", name, ErrInvalid)
	}
	hash, err := hashPassword(password, db.opts.PasswordIterations)
	if err != nil {
		return User{}, err
	}
	u := User{Name: name, Role: role, Created: micro(db.now().UnixMicro())}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		id, err := db.insert(ctx, tx, "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
			name, string(role), hash, u.Created.UnixMicro())
		if err != nil {
			return err
		}
		u.ID = id
		_, err = db.audit(ctx, tx, actor, "user.add", "user:"+name, map[string]any{"role": role})
		return err
	})
	if isUnique(err) {
		return User{}, fmt.Errorf("casestore: add user %s: %w", name, ErrExists)
	}
	if err != nil {
		return User{}, fmt.Errorf("casestore: add user %s: %w", name, err)
	}
	return u, nil
}

// Users lists the users by name.
func (db *DB) Users(ctx context.Context) ([]User, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT id, name, role, created_at FROM users ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("casestore: users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var role string
		var c int64
		if err := rows.Scan(&u.ID, &u.Name, &role, &c); err != nil {
			return nil, fmt.Errorf("casestore: users: %w", err)
		}
		u.Role, u.Created = Role(role), micro(c)
		out = append(out, u)
	}
	return out, rows.Err()
}

// RemoveUser deletes a user and their sessions.
func (db *DB) RemoveUser(ctx context.Context, actor, name string) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q("DELETE FROM users WHERE name = ?"), name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		_, err = db.audit(ctx, tx, actor, "user.remove", "user:"+name, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("casestore: remove user %s: %w", name, err)
	}
	return nil
}

// Login checks a user's password. Unknown users and wrong passwords give the
// same error, after the same work.
func (db *DB) Login(ctx context.Context, name, password string) (User, error) {
	var u User
	var role, hash string
	var c int64
	err := db.r.QueryRowContext(ctx, db.q("SELECT id, name, role, password_hash, created_at FROM users WHERE name = ?"), name).
		Scan(&u.ID, &u.Name, &role, &hash, &c)
	if errors.Is(err, sql.ErrNoRows) {
		checkPassword(password, dummyHash(db.opts.PasswordIterations))
		return User{}, fmt.Errorf("casestore: login %s: %w", name, ErrCredentials)
	}
	if err != nil {
		return User{}, fmt.Errorf("casestore: login: %w", err)
	}
	if !checkPassword(password, hash) {
		return User{}, fmt.Errorf("casestore: login %s: %w", name, ErrCredentials)
	}
	u.Role, u.Created = Role(role), micro(c)
	return u, nil
}

// dummyHash is a hash to check unknown users' passwords against, so that
// a login for an unknown name costs as much as one for a known name.
func dummyHash(iter int) string {
	if iter <= 0 {
		iter = DefaultIterations
	}
	return "pbkdf2-sha256$" + strconv.Itoa(iter) + "$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
}
