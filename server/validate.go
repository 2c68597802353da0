package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/redline-sanctions/redline/casestore"
)

// decisionMessage is the UI's answer to a decision that is not one of the
// valid ones: it lists them.
func decisionMessage(d casestore.Decision) string {
	var want []string
	for _, x := range casestore.ValidDecisions() {
		want = append(want, string(x))
	}
	list := strings.Join(want, ", ")
	if d == "" {
		return "Not recorded: choose a decision (" + list + ") and give a reason."
	}
	return fmt.Sprintf("Not recorded: decision %q is not one of %s.", string(d), list)
}

// forbidden answers a request whose principal lacks the role it needs: an
// HTML error page in the layout for the web UI (a person followed a link),
// JSON for the API.
func (s *Server) forbidden(w http.ResponseWriter, r *http.Request, p casestore.Principal, need casestore.Role) {
	if strings.HasPrefix(r.URL.Path, "/ui/") {
		s.uiError(w, r, http.StatusForbidden, fmt.Sprintf("You are signed in as %s with role %s; this page needs %s. Ask an administrator if you need access.", p.Name, p.Role, need))
		return
	}
	writeError(w, http.StatusForbidden, "%s has role %s; this needs %s", p.Name, p.Role, need)
}
