package main

import "context"

// runDemo is not built yet; its owner replaces this file.
func runDemo(ctx context.Context, a *app, args []string) error { return usagef("not built yet") }

// runDemoData is not built yet; its owner replaces this file.
func runDemoData(ctx context.Context, a *app, args []string) error { return usagef("not built yet") }
