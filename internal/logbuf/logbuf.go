// Package logbuf buffers a log's lines and writes them out on a timer, so
// that an access log does not cost a write system call per request.
package logbuf

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// Writer buffers log lines and writes them out every so often and on
// Close: one write system call per interval instead of one per line.
type Writer struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// New returns a Writer to w that writes out what it buffered every
// interval; call Close at the end.
func New(w io.Writer, every time.Duration) *Writer {
	l := &Writer{w: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(l.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-l.stop:
				return
			case <-t.C:
				l.flush()
			}
		}
	}()
	return l
}

// Write buffers p (a whole line from slog).
func (l *Writer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *Writer) flush() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Flush()
}

// Close stops the flushing and writes out what is buffered.
func (l *Writer) Close() error {
	l.once.Do(func() { close(l.stop) })
	<-l.done
	return l.flush()
}
