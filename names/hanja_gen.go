package names

//go:generate go run gen_hanja.go
