package mockserver

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"
)

// metrics counts requests in a registry of this server's own, so that many
// servers can live in one test process.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	handler  http.Handler
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "apiusers_mock_requests_total",
			Help: "Requests the mock answered, by method, route template and status code.",
		}, []string{"method", "route", "code"}),
	}
	m.registry.MustRegister(m.requests)
	m.handler = promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
	return m
}

func (m *metrics) count(method, route, code string) {
	m.requests.WithLabelValues(method, route, code).Inc()
}

// handleMetrics is GET /metrics in the Prometheus text format.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	s.metrics.handler.ServeHTTP(w, r)
}

// Requests counts the requests answered for method and route (a template
// such as RouteUser, or "unmatched"), over all status codes.
func (s *Server) Requests(method, route string) int {
	return s.metrics.sum(method, route, "")
}

func labelValue(metric *dto.Metric, name string) string {
	for _, pair := range metric.GetLabel() {
		if pair.GetName() == name {
			return pair.GetValue()
		}
	}
	return ""
}

// ResetRequests sets every request count back to zero.
func (s *Server) ResetRequests() { s.metrics.requests.Reset() }

// sum sums the counter over the series of method and route, and of
// code unless it is "".
func (m *metrics) sum(method, route, code string) int {
	families, err := m.registry.Gather()
	if err != nil {
		return 0
	}
	total := 0.0
	for _, family := range families {
		for _, metric := range family.GetMetric() {
			if labelValue(metric, "method") == method && labelValue(metric, "route") == route &&
				(code == "" || labelValue(metric, "code") == code) {
				total += metric.GetCounter().GetValue()
			}
		}
	}
	return int(total)
}
