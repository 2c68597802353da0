package pipeline

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// FuzzParquetAsJSONL feeds damaged Parquet files to the converter: it
// must return an error (or a stream that ends in one) or, for a file
// parquet-go reads, exactly one JSON object per row; never panic.
func FuzzParquetAsJSONL(f *testing.F) {
	type row struct {
		ID   string `parquet:"id"`
		Name string `parquet:"name,optional"`
		Age  int64  `parquet:"age"`
	}
	var buf bytes.Buffer
	if err := parquet.Write(&buf, []row{{"1", "Vladimir Putin", 72}, {"2", "", 0}, {"3", "Рособоронэкспорт", 1}}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PAR1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rc, err := parquetAsJSONL(bytes.NewReader(data), int64(len(data)), "fuzz.parquet")
		if err != nil {
			return
		}
		defer rc.Close()
		sc := bufio.NewScanner(rc)
		sc.Buffer(nil, 1<<24)
		n := 0
		for sc.Scan() {
			var m map[string]string
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Fatalf("line %d is not a JSON object of strings: %q: %v", n+1, sc.Bytes(), err)
			}
			n++
		}
		if sc.Err() != nil {
			return // the stream ended in the file's error
		}
		pf, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("converted a file parquet-go cannot open: %v", err)
		}
		if rows := pf.NumRows(); int64(n) != rows {
			t.Fatalf("%d lines for %d rows", n, rows)
		}
	})
}

// TestParquetAsJSONL pins the conversion of a small file.
func TestParquetAsJSONL(t *testing.T) {
	type row struct {
		ID      string `parquet:"id"`
		Name    string `parquet:"name,optional"`
		Country string `parquet:"country"`
	}
	var buf bytes.Buffer
	if err := parquet.Write(&buf, []row{{"1", "Vladimir Putin", "ru"}, {"2", "", "cn"}}); err != nil {
		t.Fatal(err)
	}
	rc, err := parquetAsJSONL(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "t.parquet")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"country":"ru","id":"1","name":"Vladimir Putin"}` + "\n" + `{"country":"cn","id":"2"}` + "\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
