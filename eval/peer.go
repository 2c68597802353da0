package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/redline-sanctions/redline/entity"
)

// Peer kinds.
const (
	Yente    = "yente"
	Watchman = "watchman"
)

// Peer is a running peer screening service searched over HTTP: yente
// (POST /match/{dataset}) or moov-io/watchman (GET /v2/search).
type Peer struct {
	// Kind is Yente or Watchman.
	Kind string
	// URL is the service's base address.
	URL string
	// Dataset is yente's dataset to match against ("default").
	Dataset string
	// Limit is the most results asked for per query.
	Limit int
	// Threshold decides Hit.Match for watchman, whose v2 search returns
	// scores but no decision; yente's own "match" is used as it is.
	Threshold float64
	// Client sends the requests (http.DefaultClient when nil).
	Client *http.Client
}

// maxResponse caps the size of a peer's response body.
const maxResponse = 32 << 20

// DetectPeer finds out which kind of peer answers at base: yente if
// GET /algorithms answers with a JSON object listing algorithms, watchman if
// GET /v2/search answers with JSON; otherwise an error. A nil client means
// one with a 30-second timeout per request.
func DetectPeer(ctx context.Context, base string, client *http.Client) (*Peer, error) {
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	base = strings.TrimRight(base, "/")
	if _, err := url.ParseRequestURI(base); err != nil {
		return nil, fmt.Errorf("eval: peer address %q: %w", base, err)
	}
	p := &Peer{URL: base, Dataset: "default", Limit: 10, Threshold: 0.80, Client: client}
	var algos struct {
		Algorithms []json.RawMessage `json:"algorithms"`
	}
	errY := p.getJSON(ctx, base+"/algorithms", &algos)
	if errY == nil && len(algos.Algorithms) > 0 {
		p.Kind = Yente
		return p, nil
	}
	var any map[string]json.RawMessage
	errW := p.getJSON(ctx, base+"/v2/search?name=test&limit=1", &any)
	if errW == nil {
		p.Kind = Watchman
		return p, nil
	}
	return nil, fmt.Errorf("eval: %s is neither yente (/algorithms: %v) nor watchman (/v2/search: %v)", base, errY, errW)
}

// Name names the peer in reports, e.g. "yente http://localhost:8000".
func (p *Peer) Name() string { return p.Kind + " " + p.URL }

func (p *Peer) getJSON(ctx context.Context, u string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	return p.do(req, v)
}

func (p *Peer) do(req *http.Request, v any) error {
	req.Header.Set("Accept", "application/json")
	c := p.Client
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
	}
	if len(body) > maxResponse {
		return fmt.Errorf("%s %s: response over %d bytes", req.Method, req.URL.Path, maxResponse)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s: %.200s", req.Method, req.URL.Path, resp.Status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
	}
	return nil
}

// Search sends one query to the peer.
func (p *Peer) Search(ctx context.Context, q *entity.Entity) ([]Hit, error) {
	switch p.Kind {
	case Yente:
		return p.searchYente(ctx, q)
	case Watchman:
		return p.searchWatchman(ctx, q)
	}
	return nil, fmt.Errorf("eval: unknown peer kind %q", p.Kind)
}

// yenteResult is one result of yente's /match response.
type yenteResult struct {
	ID         string              `json:"id"`
	Caption    string              `json:"caption"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Score      float64             `json:"score"`
	Match      bool                `json:"match"`
}

func (p *Peer) searchYente(ctx context.Context, q *entity.Entity) ([]Hit, error) {
	props := map[string][]string{}
	for k, v := range q.Properties {
		if len(v) > 0 {
			props[k] = v
		}
	}
	body, err := json.Marshal(map[string]any{"queries": map[string]any{
		"q": map[string]any{"schema": q.Schema, "properties": props},
	}})
	if err != nil {
		return nil, err
	}
	u := fmt.Sprintf("%s/match/%s?limit=%d", p.URL, url.PathEscape(p.Dataset), p.Limit)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	var resp struct {
		Responses map[string]struct {
			Results []yenteResult `json:"results"`
		} `json:"responses"`
	}
	if err := p.do(req, &resp); err != nil {
		return nil, fmt.Errorf("eval: yente: %w", err)
	}
	r, ok := resp.Responses["q"]
	if !ok {
		return nil, errors.New("eval: yente: response without the query's answer")
	}
	hits := make([]Hit, 0, len(r.Results))
	for _, x := range r.Results {
		var ns []string
		for _, prop := range entity.NameProps {
			ns = append(ns, x.Properties[prop]...)
		}
		hits = append(hits, Hit{ID: x.ID, Caption: x.Caption, Names: ns, Score: x.Score, Match: x.Match})
	}
	return hits, nil
}

func (p *Peer) searchWatchman(ctx context.Context, q *entity.Entity) ([]Hit, error) {
	v := url.Values{}
	v.Set("name", q.First(entity.Name))
	v.Set("limit", strconv.Itoa(p.Limit))
	switch {
	case entity.IsA(q.Schema, entity.Person):
		v.Set("type", "person")
	case entity.IsA(q.Schema, entity.Vessel):
		v.Set("type", "vessel")
	case entity.IsA(q.Schema, entity.Airplane):
		v.Set("type", "aircraft")
	case entity.IsA(q.Schema, entity.Organisation):
		v.Set("type", "business")
	}
	if d := q.First(entity.BirthDate); d != "" {
		v.Set("birthDate", d)
	}
	var resp struct {
		Entities []map[string]json.RawMessage `json:"entities"`
	}
	if err := p.getJSON(ctx, p.URL+"/v2/search?"+v.Encode(), &resp); err != nil {
		return nil, fmt.Errorf("eval: watchman: %w", err)
	}
	hits := make([]Hit, 0, len(resp.Entities))
	for _, e := range resp.Entities {
		var h Hit
		json.Unmarshal(e["name"], &h.Caption)
		json.Unmarshal(e["match"], &h.Score)
		var list, id string
		json.Unmarshal(e["sourceList"], &list)
		json.Unmarshal(e["sourceID"], &id)
		h.ID = list + "-" + id
		h.Names = append([]string{h.Caption}, altNames(e)...)
		h.Match = h.Score >= p.Threshold
		hits = append(hits, h)
	}
	return hits, nil
}

// altNames collects the altNames arrays of a watchman entity's typed parts
// (person, business, organization, vessel, aircraft).
func altNames(e map[string]json.RawMessage) []string {
	var out []string
	for _, part := range []string{"person", "business", "organization", "vessel", "aircraft"} {
		var sub struct {
			AltNames []string `json:"altNames"`
		}
		if raw, ok := e[part]; ok && json.Unmarshal(raw, &sub) == nil {
			out = append(out, sub.AltNames...)
		}
	}
	return out
}
