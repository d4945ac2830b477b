package bench

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// RequestKey is one series of apiusers_mock_requests_total.
type RequestKey struct{ Method, Route, Code string }

// RequestCounts holds the mock's request counters.
type RequestCounts map[RequestKey]float64

const requestsMetric = "apiusers_mock_requests_total"

// ParseRequestCounts reads apiusers_mock_requests_total from the Prometheus
// text format. It parses only what promhttp writes for a counter with
// label values free of quotes and commas (methods, route templates, codes),
// which keeps prometheus/common/expfmt and its dependencies out.
func ParseRequestCounts(r io.Reader) (RequestCounts, error) {
	counts := RequestCounts{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		rest, ok := strings.CutPrefix(line, requestsMetric+"{")
		if !ok {
			continue
		}
		labels, value, ok := strings.Cut(rest, "} ")
		if !ok {
			return nil, fmt.Errorf("malformed sample %q", line)
		}
		var key RequestKey
		for pair := range strings.SplitSeq(labels, ",") {
			name, quoted, _ := strings.Cut(pair, "=")
			v := strings.Trim(quoted, `"`)
			switch name {
			case "method":
				key.Method = v
			case "route":
				key.Route = v
			case "code":
				key.Code = v
			}
		}
		n, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			return nil, fmt.Errorf("malformed value in %q: %w", line, err)
		}
		counts[key] += n
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(counts) == 0 {
		return nil, errNoMetric
	}
	return counts, nil
}

// Since returns the counts added after earlier was taken.
func (c RequestCounts) Since(earlier RequestCounts) RequestCounts {
	out := RequestCounts{}
	for k, v := range c {
		if d := v - earlier[k]; d > 0 {
			out[k] = d
		}
	}
	return out
}

// ByRoute sums over status codes: "GET /users" -> count (the /api/v1.0
// prefix is dropped; /metrics itself is left out, the harness calls it).
func (c RequestCounts) ByRoute() map[string]float64 {
	out := map[string]float64{}
	for k, v := range c {
		if k.Route == "/metrics" {
			continue
		}
		out[k.Method+" "+strings.TrimPrefix(k.Route, "/api/v1.0")] += v
	}
	return out
}

// Code sums the requests answered with code, over all routes.
func (c RequestCounts) Code(code string) float64 {
	total := 0.0
	for k, v := range c {
		if k.Code == code {
			total += v
		}
	}
	return total
}
