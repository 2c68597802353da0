package main

import "context"

// runGoodsClassify is not built yet; its owner replaces this file.
func runGoodsClassify(ctx context.Context, a *app, args []string) error {
	return usagef("not built yet")
}
