package provider

// tokenExpiresDescription documents token_expires, the same in
// apiusers_api_user and the user data sources. The server reports it for
// every user (a documented field of GET /users); the provider never sets it,
// so it only ever reads it back.
const tokenExpiresDescription = "Seconds a token of this user lives (`tokenExpires`), as the server reports it; `0` means the server's default lifetime. " +
	"Read-only: set on the server, not by Terraform."
