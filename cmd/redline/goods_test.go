package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/goods"
)

func TestGoodsClassifyCommand(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    []string // substrings of the output
		wantErr bool
	}{
		{"words form one description", []string{"GNSS", "receiver", "module", "u-blox"}, []string{"8526.91", "navigation", "GNSS receiver module u-blox"}, false},
		{"declared code and flags after words", []string{"STM32F407VGT6", "--hs", "8473.30", "--format", "json"}, []string{`"hs_code":"854231"`, `"hs_mismatch":true`, `"chpl_tier":"1"`}, false},
		{"code alone", []string{"--hs", "85423190"}, []string{"8542.31", "declared HS 8542.31"}, false},
		{"civilian json nulls", []string{"--format", "json", "Cotton", "T-shirts"}, []string{`"chpl_tier":null`, `"concern":null`, `"hs_code":"610910"`}, false},
		{"no input", nil, nil, true},
		{"bad format", []string{"--format", "xml", "chips"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			a := &app{stdout: &out, stderr: &errb}
			err := runGoodsClassify(context.Background(), a, tt.args)
			if tt.wantErr {
				var u usageError
				if !errors.As(err, &u) {
					t.Fatalf("error %v, want a usage error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}

func TestClassifyLines(t *testing.T) {
	in := "北斗卫星导航定位模块\n\n8473.30\tMicrocontroller STM32F407VGT6\nМодуль ГЛОНАСС/GPS\n"
	var out bytes.Buffer
	w := &goodsWriter{w: &out, json: true}
	if err := classifyLines(context.Background(), goods.Default(), strings.NewReader(in), "", w); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d output lines, want 3 (blank input lines skipped):\n%s", len(lines), out.String())
	}
	wantCode := []string{"852691", "854231", "852691"}
	for i, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if m["hs_code"] != wantCode[i] || m["input"] == "" {
			t.Errorf("line %d: %s", i+1, l)
		}
	}
	if !strings.Contains(lines[1], `"hs_declared":"847330"`) {
		t.Errorf("declared code of a tab line lost: %s", lines[1])
	}
	long := strings.Repeat("x", 2<<20)
	if err := classifyLines(context.Background(), goods.Default(), strings.NewReader(long), "", w); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("2 MB line: error %v, want one naming line 1", err)
	}
}
