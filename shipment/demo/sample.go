package demo

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"
)

//go:embed sample/sdn.csv sample/add.csv sample/alt.csv
var sample embed.FS

// WriteSample writes the embedded sample list (30 SDN entries in OFAC's
// official CSV format, see sample/README.md) into dir and returns the path
// of its sdn.csv, ready for lists import.
func WriteSample(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("demo: %w", err)
	}
	for _, name := range []string{"sdn.csv", "add.csv", "alt.csv"} {
		b, err := sample.ReadFile("sample/" + name)
		if err != nil {
			return "", fmt.Errorf("demo: %w", err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return "", fmt.Errorf("demo: %w", err)
		}
	}
	return filepath.Join(dir, "sdn.csv"), nil
}
