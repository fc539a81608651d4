package web

// The admin API's part of the OpenAPI document.
func init() {
	addAPIDocs([]apiDoc{
		{Method: "GET", Path: "/api/v1/kpis", Summary: "KPIs of a window (tickets and conversations by creation, outcomes by decision) and per week", Role: "admin",
			Query: []string{"from: a date or RFC 3339 time (default: to minus weeks)", "to: a date (its whole day is in) or RFC 3339 time (default: now)", "weeks: the window's length when from is not given (default 12)"}, Response: "KPIReport"},
		{Method: "GET", Path: "/api/v1/policy", Summary: "The live rollout policy", Role: "admin", Response: "Policy"},
		{Method: "PUT", Path: "/api/v1/policy", Summary: "Replace the rollout policy (categories must be in the taxonomy; rules left out are removed)", Role: "admin", Body: "Policy", Response: "Policy"},
		{Method: "GET", Path: "/api/v1/simulations", Summary: "Simulations of the desk's history, newest first, without their reports", Role: "admin", Response: "SimulationList"},
		{Method: "POST", Path: "/api/v1/simulations", Summary: "Start a simulation of the tickets resolved so far (one at a time: 409 while one runs)", Role: "admin", Body: "SimulationOptions", Response: "Simulation", Status: 202},
		{Method: "GET", Path: "/api/v1/simulations/{id}", Summary: "A simulation's progress, and its report.json once done", Role: "admin", Response: "Simulation"},
		{Method: "POST", Path: "/api/v1/simulations/{id}/resume", Summary: "Resume an interrupted or failed simulation from its checkpoint", Role: "admin", Response: "Simulation", Status: 202},
		{Method: "POST", Path: "/api/v1/simulations/{id}/apply", Summary: "Apply a finished simulation's recommended policy (its default and the rules of categories in the taxonomy)", Role: "admin", Response: "ApplyResult"},
		{Method: "GET", Path: "/api/v1/sources", Summary: "The sources and their sync status", Role: "admin", Response: "Sources"},
		{Method: "GET", Path: "/api/v1/users", Summary: "Users, by e-mail", Role: "admin", Query: []string{"role: requester, agent or admin"}, Response: "Users"},
		{Method: "POST", Path: "/api/v1/users", Summary: "Create a user (the password is hashed with argon2id)", Role: "admin", Body: "UserInput", Response: "User", Status: 201},
		{Method: "PATCH", Path: "/api/v1/users/{id}", Summary: "Change a user's name, role, team, language or password (a new password ends their sessions)", Role: "admin", Body: "UserInput", Response: "User"},
		{Method: "POST", Path: "/api/v1/teams", Summary: "Add a team (or change its description)", Role: "admin", Body: "Team", Response: "Team", Status: 201},
		{Method: "POST", Path: "/api/v1/categories", Summary: "Add a category path and its ancestors to the taxonomy", Role: "admin", Body: "Category", Response: "Category", Status: 201},
	}, map[string]string{
		"KPIs": `{"type":"object","description":"Rates are null when their denominator is 0.","properties":{` +
			`"from":{"type":"string","format":"date-time"},"to":{"type":"string","format":"date-time"},` +
			`"tickets":{"type":"integer"},"conversations":{"type":"integer"},"requests":{"type":"integer","description":"conversations plus tickets not handed off from one"},` +
			`"self_service_resolved":{"type":"integer"},"self_service_resolution_rate":{"type":["number","null"]},"automation_rate":{"type":["number","null"],"description":"self_service_resolved / requests: the live reading of the simulation's automation_rate"},` +
			`"suggestions_total":{"type":"integer"},"suggestions_accepted":{"type":"integer"},"suggestions_edited":{"type":"integer"},"suggestions_discarded":{"type":"integer"},` +
			`"suggestion_acceptance_rate":{"type":["number","null"]},"suggestion_edit_rate":{"type":["number","null"]},"suggestion_discard_rate":{"type":["number","null"]},"suggestion_mean_edit_distance":{"type":["number","null"]},` +
			`"resolved_tickets":{"type":"integer"},"first_contact_resolved":{"type":"integer"},"first_contact_resolution_rate":{"type":["number","null"]},"mttr_hours":{"type":["number","null"]},` +
			`"sla_settled":{"type":"integer"},"sla_met":{"type":"integer"},"sla_compliance_rate":{"type":["number","null"]},` +
			`"ever_resolved":{"type":"integer"},"reopened":{"type":"integer"},"reopen_rate":{"type":["number","null"]},` +
			`"csat_responses":{"type":"integer"},"csat_yes":{"type":"integer"},"csat":{"type":["number","null"]}}}`,
		"KPIReport": `{"allOf":[{"$ref":"#/components/schemas/KPIs"},{"type":"object","properties":{"anchored":{"type":"boolean","description":"no window was asked for and nothing happened lately: the window ends at the newest ticket"},` +
			`"weeks":{"type":"array","items":{"allOf":[{"$ref":"#/components/schemas/KPIs"},{"type":"object","properties":{"start":{"type":"string","format":"date-time"}}}]}},` +
			`"simulation":{"type":"object","properties":{"id":{"type":"string"},"finished_at":{"type":"string","format":"date-time"},"automation_rate":{"type":"number"},"automated_precision":{"type":"number"}}}}}]}`,
		"Rule":              `{"type":"object","properties":{"mode":{"enum":["off","suggest","auto"]},"threshold":{"type":"number","minimum":0,"maximum":1}},"required":["mode"]}`,
		"Policy":            `{"type":"object","properties":{"default":{"$ref":"#/components/schemas/Rule"},"categories":{"type":"object","additionalProperties":{"$ref":"#/components/schemas/Rule"}}},"required":["default"]}`,
		"SimulationOptions": `{"type":"object","properties":{"target_precision":{"type":"number","default":0.9},"minutes_per_ticket":{"type":"number","default":8}}}`,
		"Simulation": `{"type":"object","properties":{"id":{"type":"string"},"status":{"enum":["queued","running","done","failed","interrupted"]},"phase":{"enum":["loading","indexing","replaying","reporting"]},` +
			`"target_precision":{"type":"number"},"minutes_per_ticket":{"type":"number"},"started_by":{"type":"string"},"done":{"type":"integer"},"total":{"type":"integer"},` +
			`"created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"},"finished_at":{"type":"string","format":"date-time"},"error":{"type":"string"},` +
			`"report":{"type":"object","description":"report.json, as docs/formats.md describes it"}}}`,
		"SimulationList": `{"type":"object","properties":{"simulations":{"type":"array","items":{"$ref":"#/components/schemas/Simulation"}}}}`,
		"ApplyResult":    `{"type":"object","properties":{"applied":{"type":"integer"},"skipped":{"type":"integer","description":"category rules of categories not in the taxonomy"},"policy":{"$ref":"#/components/schemas/Policy"}}}`,
		"Sources": `{"type":"object","properties":{"sources":{"type":"array","items":{"type":"object","properties":{"source":{"type":"string"},"status":{"enum":["idle","running","ok","failed","interrupted"]},` +
			`"counts":{"type":"object","properties":{"added":{"type":"integer"},"updated":{"type":"integer"},"unchanged":{"type":"integer"},"deleted":{"type":"integer"},"skipped":{"type":"integer"},"pages":{"type":"integer"}}},` +
			`"last_error":{"type":"string"},"started_at":{"type":"string","format":"date-time"},"finished_at":{"type":"string","format":"date-time"},"last_success_at":{"type":"string","format":"date-time"},"stale":{"type":"boolean"}}}}}}`,
		"Users":     `{"type":"object","properties":{"users":{"type":"array","items":{"$ref":"#/components/schemas/User"}}}}`,
		"UserInput": `{"type":"object","properties":{"email":{"type":"string","description":"create only"},"name":{"type":"string"},"role":{"enum":["requester","agent","admin"]},"team":{"type":"string"},"language":{"type":"string"},"password":{"type":"string","minLength":10}}}`,
		"Team":      `{"type":"object","properties":{"name":{"type":"string"},"description":{"type":"string"}},"required":["name"]}`,
		"Category":  `{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}`,
	})
}
