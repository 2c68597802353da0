package main

import "context"

// runScreenParties is not built yet; its owner replaces this file.
func runScreenParties(ctx context.Context, a *app, args []string) error {
	return usagef("not built yet")
}
