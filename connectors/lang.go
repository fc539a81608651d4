package connectors

import "deskpilot/retrieval"

// detectLanguage tags a record the source left untagged. DetectLanguage
// abstains ("") when the text is too short or unclear, so its answer is
// taken as it is: on short help-desk messages correct tags often come with
// modest confidence.
func detectLanguage(text string) string {
	tag, _ := retrieval.DetectLanguage(text)
	return tag
}
