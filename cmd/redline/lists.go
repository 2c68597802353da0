package main

import "context"

// runListsImport is not built yet; its owner replaces this file.
func runListsImport(ctx context.Context, a *app, args []string) error { return usagef("not built yet") }

// runListsStatus is not built yet; its owner replaces this file.
func runListsStatus(ctx context.Context, a *app, args []string) error { return usagef("not built yet") }

// runListsDiff is not built yet; its owner replaces this file.
func runListsDiff(ctx context.Context, a *app, args []string) error { return usagef("not built yet") }

// runListsUpdate is not built yet; its owner replaces this file.
func runListsUpdate(ctx context.Context, a *app, args []string) error { return usagef("not built yet") }

// runListsExport is not built yet; its owner replaces this file.
func runListsExport(ctx context.Context, a *app, args []string) error { return usagef("not built yet") }
