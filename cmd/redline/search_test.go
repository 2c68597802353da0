package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/source"
)

func TestScorePairs(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"same","left":{"schema":"Person","properties":{"name":["Vladimir Putin"]}},"right":{"schema":"Person","properties":{"name":["PUTIN, Vladimir"]}}}`,
		`not json`,
		`{"id":"noright","left":{"schema":"Person","properties":{"name":["x"]}}}`,
		``,
		`{"id":7,"left":{"schema":"Company","properties":{"name":["BELLETECH CORP"]}},"right":{"schema":"Company","properties":{"name":["11420 CORP."]}}}`,
	}, "\n")
	var out bytes.Buffer
	st, err := scorePairs(context.Background(), strings.NewReader(in), "pairs.jsonl", match.DefaultOptions(), false, &out)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\"id\":\"same\",\"score\":1,\"match\":true}\n{\"id\":7,\"score\":0,\"match\":false}\n"
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	if len(st.problems) != 2 || st.problems[0].Line != 2 || st.problems[1].Line != 3 {
		t.Errorf("problems %+v, want lines 2 and 3", st.problems)
	}
}

func TestScorePairsTooLong(t *testing.T) {
	in := strings.Repeat("x", source.MaxRecordSize+10)
	_, err := scorePairs(context.Background(), strings.NewReader(in), "big.jsonl", match.DefaultOptions(), false, &bytes.Buffer{})
	if !errors.Is(err, source.ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}
