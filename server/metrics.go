package server

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
)

// metrics are the Prometheus metrics the server exports.
type metrics struct {
	reg          *prometheus.Registry
	requests     *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	queries      prometheus.Counter
	decisions    *prometheus.CounterVec
	authFailures *prometheus.CounterVec
	auditDropped prometheus.Counter
	// observers caches the labelled request counter and latency
	// histogram per route and status (routeCode -> *routeObservers), so
	// that a request does not look its labels up again.
	observers sync.Map
}

type routeCode struct {
	route string
	code  int
}

type routeObservers struct {
	requests prometheus.Counter
	latency  prometheus.Observer
}

func newMetrics(reg *prometheus.Registry, h *match.Holder, ls *lists.Store) (*metrics, error) {
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "redline_http_requests_total", Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "redline_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}, []string{"route"}),
		queries: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "redline_match_queries_total", Help: "Queries matched through /match and /search.",
		}),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "redline_decisions_total", Help: "Decisions recorded on alerts, by decision.",
		}, []string{"decision"}),
		authFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "redline_auth_failures_total", Help: "Refused requests by reason (unauthenticated, forbidden, csrf, origin).",
		}, []string{"reason"}),
		auditDropped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "redline_audit_dropped_total", Help: "Batched audit entries (match/search) that could not be written.",
		}),
	}
	index := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "redline_index_entities", Help: "Matchable entities in the current index (0 before the first load).",
	}, func() float64 {
		if mt := h.Load(); mt != nil {
			return float64(mt.Len())
		}
		return 0
	})
	forms := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "redline_index_name_forms", Help: "Indexed name forms in the current index.",
	}, func() float64 {
		if mt := h.Load(); mt != nil {
			return float64(mt.Forms())
		}
		return 0
	})
	for _, c := range []prometheus.Collector{m.requests, m.latency, m.queries, m.decisions, m.authFailures, m.auditDropped,
		index, forms, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	if ls != nil {
		if err := reg.Register(listAges{ls}); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	k := routeCode{route, code}
	v, ok := m.observers.Load(k)
	if !ok {
		v, _ = m.observers.LoadOrStore(k, &routeObservers{
			requests: m.requests.WithLabelValues(route, strconv.Itoa(code)),
			latency:  m.latency.WithLabelValues(route),
		})
	}
	o := v.(*routeObservers)
	o.requests.Inc()
	o.latency.Observe(d.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// listAges exports, per dataset, the age of the current version and its
// entity count, read from the list store at scrape time.
type listAges struct{ ls *lists.Store }

var (
	listAgeDesc = prometheus.NewDesc("redline_list_age_seconds",
		"Seconds since the current version of each list was imported.", []string{"dataset"}, nil)
	listEntitiesDesc = prometheus.NewDesc("redline_list_entities",
		"Entities in the current version of each list.", []string{"dataset"}, nil)
	listFailureDesc = prometheus.NewDesc("redline_list_update_failing",
		"1 when the last update attempt of a list failed or its update state file is damaged.", []string{"dataset"}, nil)
)

func (l listAges) Describe(ch chan<- *prometheus.Desc) {
	ch <- listAgeDesc
	ch <- listEntitiesDesc
	ch <- listFailureDesc
}

func (l listAges) Collect(ch chan<- prometheus.Metric) {
	names, err := l.ls.Datasets()
	if err != nil {
		return
	}
	for _, ds := range names {
		meta, err := l.ls.Current(ds)
		if err != nil {
			continue
		}
		ch <- prometheus.MustNewConstMetric(listAgeDesc, prometheus.GaugeValue, time.Since(meta.ImportedAt).Seconds(), ds)
		ch <- prometheus.MustNewConstMetric(listEntitiesDesc, prometheus.GaugeValue, float64(meta.Entities), ds)
		// A damaged state file counts as failing: updates of the list
		// stop until it is repaired.
		st, err := l.ls.UpdateState(ds)
		failing := 0.0
		if err != nil || !st.LastFailure.IsZero() && st.LastFailure.After(st.LastSuccess) {
			failing = 1
		}
		ch <- prometheus.MustNewConstMetric(listFailureDesc, prometheus.GaugeValue, failing, ds)
	}
}
