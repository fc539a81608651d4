#!/usr/bin/env bash
# archcheck.sh enforces the dependency rules of docs/architecture.md:
#  1. domain packages import no adapter and none of gin, pgx, bleve,
#     go-openai, sqlite;
#  2. adapters never import each other;
#  3. nothing but cmd imports web or cmd.
set -euo pipefail
mod=deskpilot
adapters="^$mod/(store/[^/]+|retrieval/(bleve|vectors|localembed)|assistant/openai|web)(/|$)"
domain="^$mod/(tickets|retrieval|assistant|connectors|simulation|demo|analytics)(/|$)"
drivers='^(github.com/gin-gonic/|github.com/jackc/pgx|github.com/pgvector/|github.com/blevesearch/|github.com/sashabaranov/go-openai|modernc.org/sqlite)'
fail=0
while read -r pkg imports; do
  for imp in $imports; do
    if [[ $pkg =~ $domain && ! $pkg =~ $adapters ]]; then
      if [[ $imp =~ $adapters || $imp =~ $drivers ]]; then
        echo "archcheck: domain package $pkg imports $imp"; fail=1
      fi
    fi
    if [[ $pkg =~ $adapters && $imp =~ $adapters ]]; then
      a=$(echo "$pkg" | grep -oE "$adapters" | sed 's#/$##'); b=$(echo "$imp" | grep -oE "$adapters" | sed 's#/$##')
      if [[ "$a" != "$b" ]]; then echo "archcheck: adapter $pkg imports adapter $imp"; fail=1; fi
    fi
    if [[ $imp =~ ^$mod/(web|cmd)(/|$) && ! $pkg =~ ^$mod/cmd(/|$) && ! $pkg =~ ^$mod/web(/|$) ]]; then
      echo "archcheck: $pkg imports $imp"; fail=1
    fi
  done
done < <(go list -f '{{.ImportPath}} {{join .Imports " "}}' ./...)
exit $fail
