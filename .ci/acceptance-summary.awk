# Summarises `go test -v` output by package: the package's result line, then
# "CLI: N passed, N failed, N skipped" over its top-level tests, then one
# line per skipped test with the last line it logged (t.Skip's reason).
# go test -v prints each package's output together, ending with its ok/FAIL
# line, so counts are kept until that line.

# "=== RUN   TestX", "=== CONT  TestX", "=== NAME  TestX": what follows is
# TestX's output.
/^=== (RUN|PAUSE|CONT|NAME)/ { current = $3; next }
# A top-level test's logged line: "    file_test.go:12: message".
/^    [^ \t].*\.go:[0-9]+: / {
  if (current !~ /\//) { line = $0; sub(/^ +/, "", line); said[current] = line }
  next
}
/^--- PASS: / { passed++; next }
/^--- FAIL: / { failed++; next }
/^--- SKIP: / { skipped[++nskipped] = $3; next }
/^(ok  |FAIL)[ \t]+[^ \t]+\// {
  print $0
  printf "  %s: %d passed, %d failed, %d skipped\n", cli, passed, failed, nskipped
  for (i = 1; i <= nskipped; i++) printf "  skipped %s: %s\n", skipped[i], said[skipped[i]]
  passed = failed = nskipped = 0
  delete said
}
