package pipeline

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// isParquet says whether a parties file is Parquet: by its format flag or
// name.
func isParquet(format, name string) bool {
	return format == "parquet" || strings.HasSuffix(strings.ToLower(name), ".parquet")
}

// parquetAsJSONL streams the rows of a flat Parquet file as JSON lines,
// one object per row whose keys are the column names and whose values are
// the row's non-null values as strings, so that the parties reader reads
// them as it reads JSON lines: row N of the file is line N. A nested
// column, or a file parquet-go cannot open, is an error.
func parquetAsJSONL(r io.ReaderAt, size int64, name string) (io.ReadCloser, error) {
	pf, err := parquet.OpenFile(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var cols []string
	for _, path := range pf.Schema().Columns() {
		if len(path) != 1 {
			return nil, fmt.Errorf("%s: nested column %s: want a flat table of parties", name, strings.Join(path, "."))
		}
		cols = append(cols, path[0])
	}
	pr, pw := io.Pipe()
	go func() {
		err := func() (err error) {
			defer func() {
				// parquet-go panics on some corrupt files.
				if p := recover(); p != nil {
					err = fmt.Errorf("%s: corrupt parquet file: %v", name, p)
				}
			}()
			rd := parquet.NewReader(pf)
			defer rd.Close()
			bw := bufio.NewWriterSize(pw, 64<<10)
			enc := json.NewEncoder(bw)
			enc.SetEscapeHTML(false)
			rows := make([]parquet.Row, 256)
			n := 0
			for {
				k, rerr := rd.ReadRows(rows)
				for _, row := range rows[:k] {
					n++
					obj := make(map[string]string, len(cols))
					for _, v := range row {
						if c := v.Column(); c >= 0 && c < len(cols) && !v.IsNull() {
							obj[cols[c]] = v.String()
						}
					}
					if err := enc.Encode(obj); err != nil {
						return err
					}
				}
				if rerr == io.EOF {
					return bw.Flush()
				}
				if rerr != nil {
					return fmt.Errorf("%s: row %d: %w", name, n+1, rerr)
				}
			}
		}()
		pw.CloseWithError(err)
	}()
	return pr, nil
}
