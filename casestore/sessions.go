package casestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// CreateSession starts a browser session for a user.
func (db *DB) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (string, Session, error) {
	if ttl <= 0 {
		return "", Session{}, fmt.Errorf("casestore: session: %w: ttl %v", ErrInvalid, ttl)
	}
	token := newToken("rs_")
	csrf := newToken("")[:40]
	now := db.now()
	s := Session{CSRF: csrf, Created: micro(now.UnixMicro()), Expires: micro(now.Add(ttl).UnixMicro())}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var role string
		var c int64
		err := tx.QueryRowContext(ctx, db.q("SELECT id, name, role, created_at FROM users WHERE id = ?"), userID).Scan(&s.User.ID, &s.User.Name, &role, &c)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		s.User.Role, s.User.Created = Role(role), micro(c)
		// Sweep expired sessions while we are here.
		if _, err := tx.ExecContext(ctx, db.q("DELETE FROM sessions WHERE expires_at < ?"), now.UnixMicro()); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, db.q("INSERT INTO sessions (hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)"),
			tokenHash(token), userID, csrf, s.Created.UnixMicro(), s.Expires.UnixMicro())
		if err != nil {
			return err
		}
		_, err = db.audit(ctx, tx, s.User.Name, "session.login", "user:"+s.User.Name, nil)
		return err
	})
	if err != nil {
		return "", Session{}, fmt.Errorf("casestore: session for user %d: %w", userID, err)
	}
	return token, s, nil
}

// Session returns a live session.
func (db *DB) Session(ctx context.Context, token string) (Session, error) {
	var s Session
	var role string
	var uc, c, exp int64
	err := db.r.QueryRowContext(ctx, db.q(`SELECT u.id, u.name, u.role, u.created_at, s.csrf, s.created_at, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = ?`), tokenHash(token)).
		Scan(&s.User.ID, &s.User.Name, &role, &uc, &s.CSRF, &c, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, fmt.Errorf("casestore: session: %w", ErrCredentials)
	}
	if err != nil {
		return Session{}, fmt.Errorf("casestore: session: %w", err)
	}
	s.User.Role, s.User.Created, s.Created, s.Expires = Role(role), micro(uc), micro(c), micro(exp)
	if !db.now().Before(s.Expires) {
		return Session{}, fmt.Errorf("casestore: session expired: %w", ErrCredentials)
	}
	return s, nil
}

// EndSession deletes a session.
func (db *DB) EndSession(ctx context.Context, token string) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, db.q("SELECT u.name FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = ?"), tokenHash(token)).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q("DELETE FROM sessions WHERE hash = ?"), tokenHash(token)); err != nil {
			return err
		}
		_, err = db.audit(ctx, tx, name, "session.logout", "user:"+name, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("casestore: end session: %w", err)
	}
	return nil
}
