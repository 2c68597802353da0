package main

import "context"

// runScreenShipments is not built yet; its owner replaces this file.
func runScreenShipments(ctx context.Context, a *app, args []string) error {
	return usagef("not built yet")
}
