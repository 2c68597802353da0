package main

import "context"

// runSearch is not built yet; its owner replaces this file.
func runSearch(ctx context.Context, a *app, args []string) error { return usagef("not built yet") }

// runMatch is not built yet; its owner replaces this file.
func runMatch(ctx context.Context, a *app, args []string) error { return usagef("not built yet") }
