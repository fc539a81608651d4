// Package web is deskpilot's HTTP face: the gin engine, the route table, the
// JSON API under /api/v1 with its authentication and role checks, and the
// health endpoints. It translates domain errors into HTTP answers and never
// lets *gin.Context leave the package.
package web
