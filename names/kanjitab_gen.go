package names

//go:generate go run gen_kanji.go
