package main

import "context"

// runServe is not built yet; its owner replaces this file.
func runServe(ctx context.Context, a *app, args []string) error { return usagef("not built yet") }

// runUsers is not built yet; its owner replaces this file.
func runUsers(ctx context.Context, a *app, args []string) error { return usagef("not built yet") }

// runKeys is not built yet; its owner replaces this file.
func runKeys(ctx context.Context, a *app, args []string) error { return usagef("not built yet") }
