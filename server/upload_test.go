package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/server"
)

// partiesCSV returns a parties file of at least size bytes (at least one
// row) and its number of rows. The names are made up, a few of them
// listed, so that the run raises alerts too.
func partiesCSV(size int) ([]byte, int) {
	var b bytes.Buffer
	b.WriteString("id,name,country\n")
	n := 0
	for n == 0 || b.Len() < size {
		n++
		switch {
		case n%97 == 0:
			fmt.Fprintf(&b, "c%d,Kim Jong Un,kp\n", n)
		default:
			fmt.Fprintf(&b, "c%d,Northwind Trading %d Limited,de\n", n, n)
		}
	}
	return b.Bytes(), n
}

// uploadClasses are the size classes of TestUploadEveryRow: the issue saw
// rows lost between 60 KB and 310 KB.
var uploadClasses = []struct {
	name string
	size int
}{
	{"1 row", 1}, {"1 KB", 1 << 10}, {"60 KB", 60 << 10}, {"310 KB", 310 << 10}, {"3 MB", 3 << 20},
}

// TestUploadEveryRow uploads parties and shipments files of every size
// class and checks that every row comes back screened and the run is
// recorded as finished with every row counted (issue 15, item 12: bodies
// of 60–310 KB lost their tail once the streamed answer was flushed).
func TestUploadEveryRow(t *testing.T) {
	e := newEnv(t, func(o *server.Options) {
		o.Shipments = server.NewShipmentScreener(o.Lists, o.Holder, 0)
	})
	ui, csrf := e.browser(casestore.Analyst)
	for _, c := range uploadClasses {
		t.Run("parties "+c.name, func(t *testing.T) {
			body, rows := partiesCSV(c.size)
			code, resp := e.do("POST", "/screen/parties?name=rows.csv", casestore.Analyst, string(body), "Content-Type", "text/csv")
			if code != http.StatusOK {
				t.Fatalf("status %d: %.300s", code, resp)
			}
			lines, sum := splitStream(t, resp)
			if lines != rows || sum.Summary.Error != "" || sum.Summary.Records != rows {
				t.Fatalf("%d rows in, %d records out, summary %+v", rows, lines, sum.Summary)
			}
			checkRun(t, e, sum.Summary.RunID, rows)
		})
		t.Run("shipments "+c.name, func(t *testing.T) {
			body, rows := shipmentsCSV(c.size)
			code, resp := e.do("POST", "/screen/shipments?name=rows.csv", casestore.Analyst, string(body), "Content-Type", "text/csv")
			if code != http.StatusOK {
				t.Fatalf("status %d: %.300s", code, resp)
			}
			lines, sum := splitStream(t, resp)
			if lines != rows || sum.Summary.Error != "" || sum.Summary.Shipments != rows {
				t.Fatalf("%d rows in, %d records out, summary %+v", rows, lines, sum.Summary)
			}
			checkRun(t, e, sum.Summary.RunID, rows)
		})
		for _, kind := range []string{"parties", "shipments"} {
			t.Run("ui "+kind+" "+c.name, func(t *testing.T) {
				body, rows := partiesCSV(c.size)
				if kind == "shipments" {
					body, rows = shipmentsCSV(c.size)
				}
				var form bytes.Buffer
				mw := multipart.NewWriter(&form)
				mw.WriteField("csrf", csrf)
				mw.WriteField("kind", kind)
				fw, _ := mw.CreateFormFile("file", "rows.csv")
				fw.Write(body)
				mw.Close()
				req, _ := http.NewRequest("POST", e.ts.URL+"/ui/upload", &form)
				req.Header.Set("Content-Type", mw.FormDataContentType())
				resp, err := ui.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				page, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("status %d: %.500s", resp.StatusCode, page)
				}
				runs, err := e.store.Runs(t.Context(), 1)
				if err != nil || len(runs) != 1 || runs[0].Kind != kind {
					t.Fatalf("latest run %+v, %v", runs, err)
				}
				checkRun(t, e, runs[0].ID, rows)
			})
		}
	}
}

// checkRun checks that a run finished with every row counted.
func checkRun(t *testing.T, e *env, id int64, rows int) {
	t.Helper()
	run, err := e.store.Run(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if run.Finished == nil || run.Error != "" || run.Parties != rows {
		t.Fatalf("run %d: finished %v, error %q, %d parties; want finished with %d and no error", id, run.Finished, run.Error, run.Parties, rows)
	}
}

// shipmentsCSV returns a shipments file of at least size bytes (at least
// one row) and its number of rows.
func shipmentsCSV(size int) ([]byte, int) {
	var b bytes.Buffer
	b.WriteString("Shipment ID,Shipper Name,Shipper Country,Consignee,Consignee Country,HS Code,Product Description,Destination Country\n")
	n := 0
	for n == 0 || b.Len() < size {
		n++
		if n%53 == 0 {
			fmt.Fprintf(&b, "S-%d,Shenzhen Jinhai Co. Ltd.,CN,Ural Tekhno,RU,8526.91,GNSS module,RU\n", n)
			continue
		}
		fmt.Fprintf(&b, "S-%d,Atlas Foods Inc.,US,Lakeside Retail %d Ltd,CA,0901.21,Roasted coffee,CA\n", n, n)
	}
	return b.Bytes(), n
}

// streamSummary is the last line of a streamed screening answer.
type streamSummary struct {
	Summary struct {
		RunID     int64  `json:"run_id"`
		Records   int    `json:"records"`
		Screened  int    `json:"screened"`
		Shipments int    `json:"shipments"`
		Error     string `json:"error"`
	} `json:"summary"`
}

// splitStream counts the record lines of a streamed answer and decodes its
// summary line.
func splitStream(t *testing.T, resp []byte) (int, streamSummary) {
	t.Helper()
	var sum streamSummary
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(resp))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if strings.HasPrefix(string(line), `{"summary"`) {
			decode(t, line, &sum)
			continue
		}
		if !json.Valid(line) {
			t.Fatalf("line %d is not JSON: %.200s", n+1, line)
		}
		n++
	}
	return n, sum
}

// TestUploadCutShortFails checks that a run that stops before its last row
// (here the client goes away after the first line of the answer) is
// recorded as failed with the reason, not as finished.
func TestUploadCutShortFails(t *testing.T) {
	e := newEnv(t, nil)
	body, rows := partiesCSV(3 << 20)
	req, _ := http.NewRequestWithContext(t.Context(), "POST", e.ts.URL+"/screen/parties?name=cut.csv", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.keys[casestore.Analyst])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bufio.NewReader(resp.Body).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close() // gone before the last row
	deadline := time.Now().Add(20 * time.Second)
	for {
		runs, err := e.store.Runs(t.Context(), 1)
		if err != nil || len(runs) != 1 {
			t.Fatalf("runs %+v, %v", runs, err)
		}
		r := runs[0]
		if r.Finished != nil {
			if r.Error == "" || r.Parties >= rows {
				t.Fatalf("run %+v: want failed with fewer than %d parties and a reason", r, rows)
			}
			t.Logf("run %d failed after %d of %d rows: %s", r.ID, r.Parties, rows, r.Error)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("run %d still unfinished", r.ID)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestRunStatusTrailer checks the X-Run-Status trailer of a streamed
// screening answer: the status code is sent before the first row, the
// trailer says how the run ended.
func TestRunStatusTrailer(t *testing.T) {
	e := newEnv(t, nil)
	body, _ := partiesCSV(1 << 10)
	req, _ := http.NewRequest("POST", e.ts.URL+"/screen/parties", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.keys[casestore.Analyst])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if got := resp.Trailer.Get("X-Run-Status"); resp.StatusCode != 200 || got != "finished" {
		t.Fatalf("status %d, X-Run-Status %q; want 200 and finished", resp.StatusCode, got)
	}
}
