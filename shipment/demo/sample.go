package demo

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"
)

//go:embed sample/sdn.csv sample/add.csv sample/alt.csv sample/ownership.ftm.json
var sample embed.FS

// OwnershipDataset is the dataset of the embedded synthetic ownership data
// (sample/ownership.ftm.json): invented front companies and invented
// holdings in them of real entries of the sample list.
const OwnershipDataset = "redline_demo_ownership"

// WriteSample writes the embedded sample list (30 SDN entries in OFAC's
// official CSV format, see sample/README.md) into dir and returns the path
// of its sdn.csv, ready for lists import.
func WriteSample(dir string) (string, error) {
	for _, name := range []string{"sdn.csv", "add.csv", "alt.csv"} {
		if err := writeEmbedded(dir, name); err != nil {
			return "", err
		}
	}
	return filepath.Join(dir, "sdn.csv"), nil
}

// WriteOwnership writes the embedded synthetic ownership data (FtM JSON
// lines of dataset OwnershipDataset, see sample/README.md) into dir and
// returns its path, ready for lists import next to the sample list whose
// entity ids (ofac-NNNNN) it names. It is demonstration data, invented: no
// real company is named as owned by a listed party.
func WriteOwnership(dir string) (string, error) {
	if err := writeEmbedded(dir, "ownership.ftm.json"); err != nil {
		return "", err
	}
	return filepath.Join(dir, "ownership.ftm.json"), nil
}

func writeEmbedded(dir, name string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	b, err := sample.ReadFile("sample/" + name)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}
