package names

//go:generate go run gen_tschars.go
