package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkResponseBuffer is the A/B of responseBuffers (the pool of
// /match response buffers) against a new buffer per response, encoding
// the usual /match response as the handler does. Compare with benchstat
// -col /buf over -count=10; the figures are in responseBuffers' comment.
func BenchmarkResponseBuffer(b *testing.B) {
	resp, keys := benchResponse(true)
	var sink io.Writer = io.Discard
	b.Run("buf=pool", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			bp := responseBuffers.Get().(*[]byte)
			out, err := encodeMatch((*bp)[:0], resp, keys)
			if err != nil {
				b.Fatal(err)
			}
			sink.Write(out)
			*bp = out[:0]
			if cap(*bp) <= 1<<20 {
				responseBuffers.Put(bp)
			}
		}
	})
	b.Run("buf=new", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := encodeMatch(make([]byte, 0, 16<<10), resp, keys)
			if err != nil {
				b.Fatal(err)
			}
			sink.Write(out) // the handler's w.Write: the buffer escapes

		}
	})
}

// BenchmarkStatusWriter is the A/B of statusWriters (the pool of the
// access log's response writers) against a new statusWriter per request,
// around a handler that writes a short body. Compare with benchstat
// -col /alloc over -count=10; the figures are in statusWriters' comment.
func BenchmarkStatusWriter(b *testing.B) {
	body := []byte(`{"status":"ok"}`)
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	r := httptest.NewRequest("GET", "/healthz", nil)
	w := httptest.NewRecorder()
	var sink int64
	b.Run("alloc=pool", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			w.Body.Reset()
			sw := statusWriters.Get().(*statusWriter)
			*sw = statusWriter{ResponseWriter: w}
			next.ServeHTTP(sw, r)
			sink += sw.bytes
			sw.ResponseWriter = nil
			statusWriters.Put(sw)
		}
	})
	b.Run("alloc=new", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			w.Body.Reset()
			sw := &statusWriter{ResponseWriter: w}
			next.ServeHTTP(sw, r)
			sink += sw.bytes
		}
	})
	_ = sink
}
