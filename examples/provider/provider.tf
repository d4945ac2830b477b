# Credentials are best left out of the configuration: set APIUSERS_USERNAME
# and APIUSERS_PASSWORD (and, if you like, APIUSERS_ENDPOINT) in the
# environment of the pipeline that runs Terraform.
provider "apiusers" {
  endpoint = "https://badges.northwind.example"
  app_name = "terraform-badges-infra"

  # Optional tuning; the values shown are the defaults unless noted.
  request_timeout = "30s"
  max_retries     = 4
  max_retry_wait  = "30s"

  # Pace requests for a server with a tight rate limit (default: no pacing).
  max_requests_per_second = 20

  # Concurrent user creates, updates and deletes are joined into one
  # PUT /users/sync. Run terraform with a larger -parallelism for larger
  # batches.
  batching       = true
  batch_window   = "50ms"
  max_batch_size = 100
}
