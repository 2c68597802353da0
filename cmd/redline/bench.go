package main

import "context"

// runBench is not built yet; its owner replaces this file.
func runBench(ctx context.Context, a *app, args []string) error { return usagef("not built yet") }
