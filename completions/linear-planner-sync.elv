
use builtin;
use str;

set edit:completion:arg-completer[linear-planner-sync] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'linear-planner-sync'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'linear-planner-sync'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand demo 'Run the whole job on the embedded sandbox and show what happened'
            cand map 'Manage project ↔ plan mappings (without a subcommand: an interactive setup wizard)'
            cand bootstrap 'Scan both sides fully: link existing pairs, create missing counterparts, store cursors'
            cand sync 'Run one bounded sync pass (run it from cron every minute)'
            cand push 'Create a linked Linear issue and Planner task from a ticket (JSON on stdin)'
            cand users 'Inspect and override the user mapping used for assignees'
            cand audit 'Show the audit trail (every write, conflict, skip and link change), newest first'
            cand dlq 'Inspect and drop dead-lettered changes'
            cand status 'Show the health of every mapping (exit 1 when one needs attention)'
            cand report 'Workload per assignee across plans and completion per plan, from the synced state'
            cand webhook 'Verify Linear webhooks and queue them for `sync` (from stdin or over HTTP)'
            cand doctor 'Check config, credentials, permissions, clock, database and lock, with each fix'
            cand sandbox 'Run the embedded sandbox (stand-ins for Microsoft Graph and Linear) until interrupted'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'linear-planner-sync;demo'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --keep 'Keep the sandbox running afterwards and print the exports to explore it with the CLI'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;map'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Map a Linear project to a Planner plan (checks both sides first)'
            cand edit 'Change the sync controls of a mapping (takes effect on the next pass)'
            cand list 'List every mapping with its state'
            cand show 'Show one mapping with its bucket ↔ state pairs'
            cand remove 'Delete a mapping with its links and cursors (nothing is deleted in Planner or Linear)'
            cand enable 'Resume a disabled or paused mapping'
            cand disable 'Stop syncing a mapping until `map enable`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'linear-planner-sync;map;add'= {
            cand --project 'Linear project id or name'
            cand --team 'Linear team key, e.g. ENG'
            cand --plan 'Planner plan id'
            cand --bucket 'Pair a bucket with a workflow state, e.g. --bucket "In progress=In Progress" (repeatable); other buckets and states get defaults by name, then by state type'
            cand --conflict 'Who wins when both sides changed a field: latest (default), planner-wins, linear-wins'
            cand --direction 'Which way a field flows, e.g. --direction title=to-linear (repeatable). Fields: title, description, state, assignee, due, priority, labels, checklist, links, comments, attachments; directions: both (default), to-linear, to-planner, off'
            cand --enforce 'Revert changes made on the read-only side of a one-way field (repeatable)'
            cand --no-enforce 'Stop enforcing a field: changes on its read-only side are ignored again (repeatable)'
            cand --include-label 'Only sync issues with one of these Linear labels (repeatable)'
            cand --exclude-label 'Never sync issues with this Linear label (repeatable)'
            cand --state-type 'Only sync issues whose state is of this type: triage, backlog, unstarted, started, completed, canceled (repeatable)'
            cand --created-after 'Only sync items created on or after this day (YYYY-MM-DD)'
            cand --only-bucket 'Only sync tasks in this Planner bucket (repeatable)'
            cand --only-category 'Only sync tasks with this Planner category, by name (repeatable)'
            cand --surface-errors 'Comment on the Linear issue when its change is dead-lettered, and when it recovers'
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --create-buckets 'Create missing buckets: those named in --bucket, and one per state without a bucket'
            cand --yes 'Store the mapping without asking (needed without a terminal)'
            cand --clear-filter 'Drop every filter first (the filter flags given with it make the new filter)'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;map;edit'= {
            cand --conflict 'Who wins when both sides changed a field: latest (default), planner-wins, linear-wins'
            cand --direction 'Which way a field flows, e.g. --direction title=to-linear (repeatable). Fields: title, description, state, assignee, due, priority, labels, checklist, links, comments, attachments; directions: both (default), to-linear, to-planner, off'
            cand --enforce 'Revert changes made on the read-only side of a one-way field (repeatable)'
            cand --no-enforce 'Stop enforcing a field: changes on its read-only side are ignored again (repeatable)'
            cand --include-label 'Only sync issues with one of these Linear labels (repeatable)'
            cand --exclude-label 'Never sync issues with this Linear label (repeatable)'
            cand --state-type 'Only sync issues whose state is of this type: triage, backlog, unstarted, started, completed, canceled (repeatable)'
            cand --created-after 'Only sync items created on or after this day (YYYY-MM-DD)'
            cand --only-bucket 'Only sync tasks in this Planner bucket (repeatable)'
            cand --only-category 'Only sync tasks with this Planner category, by name (repeatable)'
            cand --surface-errors 'Comment on the Linear issue when its change is dead-lettered, and when it recovers'
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --clear-filter 'Drop every filter first (the filter flags given with it make the new filter)'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;map;list'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;map;show'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;map;remove'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --yes 'Do not ask for confirmation (needed without a terminal)'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;map;enable'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;map;disable'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;map;help'= {
            cand add 'Map a Linear project to a Planner plan (checks both sides first)'
            cand edit 'Change the sync controls of a mapping (takes effect on the next pass)'
            cand list 'List every mapping with its state'
            cand show 'Show one mapping with its bucket ↔ state pairs'
            cand remove 'Delete a mapping with its links and cursors (nothing is deleted in Planner or Linear)'
            cand enable 'Resume a disabled or paused mapping'
            cand disable 'Stop syncing a mapping until `map enable`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'linear-planner-sync;map;help;add'= {
        }
        &'linear-planner-sync;map;help;edit'= {
        }
        &'linear-planner-sync;map;help;list'= {
        }
        &'linear-planner-sync;map;help;show'= {
        }
        &'linear-planner-sync;map;help;remove'= {
        }
        &'linear-planner-sync;map;help;enable'= {
        }
        &'linear-planner-sync;map;help;disable'= {
        }
        &'linear-planner-sync;map;help;help'= {
        }
        &'linear-planner-sync;bootstrap'= {
            cand --mapping 'Only this mapping'
            cand --since 'Only bring over items created on or after this day (YYYY-MM-DD); kept as the mapping''s created-after filter, so older items stay out on later passes too (not with --dry-run)'
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --dry-run 'Print what would be linked and created, and write nothing'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'linear-planner-sync;sync'= {
            cand --mapping 'Only this mapping'
            cand --max-ops 'Stop taking new changes after this many writes [default: sync.max_ops]'
            cand --time-budget 'Stop taking new changes after this many seconds [default: sync.time_budget_secs]'
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --dry-run 'Print the planned changes and write nothing'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'linear-planner-sync;push'= {
            cand --mapping 'The mapping to push into (see `map list`)'
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'linear-planner-sync;users'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand sync 'Refresh the cache for everyone the mapped sides know (team members and assignees)'
            cand list 'List known users and whether both sides are known'
            cand map 'Map a Linear user (by email) to an Azure AD user id; survives automatic refreshes'
            cand forget 'Forget a user (cached lookups and manual overrides)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'linear-planner-sync;users;sync'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;users;list'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --unmapped 'Only users missing on one side (their assignments cannot sync)'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;users;map'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;users;forget'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;users;help'= {
            cand sync 'Refresh the cache for everyone the mapped sides know (team members and assignees)'
            cand list 'List known users and whether both sides are known'
            cand map 'Map a Linear user (by email) to an Azure AD user id; survives automatic refreshes'
            cand forget 'Forget a user (cached lookups and manual overrides)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'linear-planner-sync;users;help;sync'= {
        }
        &'linear-planner-sync;users;help;list'= {
        }
        &'linear-planner-sync;users;help;map'= {
        }
        &'linear-planner-sync;users;help;forget'= {
        }
        &'linear-planner-sync;users;help;help'= {
        }
        &'linear-planner-sync;audit'= {
            cand --mapping 'Only this mapping'
            cand --task 'Only this Planner task id'
            cand --issue 'Only this Linear issue (id or identifier such as ENG-12)'
            cand --since 'Only entries at or after this time (RFC 3339, e.g. 2026-11-24T00:00:00Z)'
            cand --limit 'At most this many entries'
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --conflicts 'Only conflicts (both values are shown)'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;dlq'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List dead-lettered changes'
            cand show 'Show one dead-lettered change with its error and payload'
            cand retry 'Replay dead-lettered changes against the current state (merge again, not a blind replay)'
            cand drop 'Delete a dead-lettered change without replaying it (the audit keeps the history)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'linear-planner-sync;dlq;list'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;dlq;show'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;dlq;retry'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --all 'Every dead letter'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'linear-planner-sync;dlq;drop'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;dlq;help'= {
            cand list 'List dead-lettered changes'
            cand show 'Show one dead-lettered change with its error and payload'
            cand retry 'Replay dead-lettered changes against the current state (merge again, not a blind replay)'
            cand drop 'Delete a dead-lettered change without replaying it (the audit keeps the history)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'linear-planner-sync;dlq;help;list'= {
        }
        &'linear-planner-sync;dlq;help;show'= {
        }
        &'linear-planner-sync;dlq;help;retry'= {
        }
        &'linear-planner-sync;dlq;help;drop'= {
        }
        &'linear-planner-sync;dlq;help;help'= {
        }
        &'linear-planner-sync;status'= {
            cand --format '`prometheus`: the gauges and counters in the Prometheus text format, for a node_exporter textfile collector (always exit 0: the health is in the values)'
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;report'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;webhook'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand ingest 'Verify one delivery read from stdin and queue it (exit 2 when it is rejected)'
            cand serve 'Listen for deliveries over HTTP, verify and queue each one (stops on SIGTERM or Ctrl-C)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'linear-planner-sync;webhook;ingest'= {
            cand --signature 'The `Linear-Signature` header: hex HMAC-SHA256 of the body with LINEAR_WEBHOOK_SECRET'
            cand --delivery 'The `Linear-Delivery` header, used to drop redeliveries [default: a hash of the body]'
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;webhook;serve'= {
            cand --listen 'Address to listen on (port 0 picks a free port)'
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;webhook;help'= {
            cand ingest 'Verify one delivery read from stdin and queue it (exit 2 when it is rejected)'
            cand serve 'Listen for deliveries over HTTP, verify and queue each one (stops on SIGTERM or Ctrl-C)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'linear-planner-sync;webhook;help;ingest'= {
        }
        &'linear-planner-sync;webhook;help;serve'= {
        }
        &'linear-planner-sync;webhook;help;help'= {
        }
        &'linear-planner-sync;doctor'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --offline 'Skip the checks that call Microsoft Graph and Linear (token, permissions, key, clock)'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;sandbox'= {
            cand --listen 'Address to listen on (port 0 picks a free port)'
            cand --seed 'Initial data: empty, small, demo or large:N (N tasks and issues)'
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'linear-planner-sync;completions'= {
            cand --config 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]'
            cand --db 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]'
            cand --json 'Print one machine-readable JSON document on stdout'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand --no-progress 'Never show progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'linear-planner-sync;help'= {
            cand demo 'Run the whole job on the embedded sandbox and show what happened'
            cand map 'Manage project ↔ plan mappings (without a subcommand: an interactive setup wizard)'
            cand bootstrap 'Scan both sides fully: link existing pairs, create missing counterparts, store cursors'
            cand sync 'Run one bounded sync pass (run it from cron every minute)'
            cand push 'Create a linked Linear issue and Planner task from a ticket (JSON on stdin)'
            cand users 'Inspect and override the user mapping used for assignees'
            cand audit 'Show the audit trail (every write, conflict, skip and link change), newest first'
            cand dlq 'Inspect and drop dead-lettered changes'
            cand status 'Show the health of every mapping (exit 1 when one needs attention)'
            cand report 'Workload per assignee across plans and completion per plan, from the synced state'
            cand webhook 'Verify Linear webhooks and queue them for `sync` (from stdin or over HTTP)'
            cand doctor 'Check config, credentials, permissions, clock, database and lock, with each fix'
            cand sandbox 'Run the embedded sandbox (stand-ins for Microsoft Graph and Linear) until interrupted'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'linear-planner-sync;help;demo'= {
        }
        &'linear-planner-sync;help;map'= {
            cand add 'Map a Linear project to a Planner plan (checks both sides first)'
            cand edit 'Change the sync controls of a mapping (takes effect on the next pass)'
            cand list 'List every mapping with its state'
            cand show 'Show one mapping with its bucket ↔ state pairs'
            cand remove 'Delete a mapping with its links and cursors (nothing is deleted in Planner or Linear)'
            cand enable 'Resume a disabled or paused mapping'
            cand disable 'Stop syncing a mapping until `map enable`'
        }
        &'linear-planner-sync;help;map;add'= {
        }
        &'linear-planner-sync;help;map;edit'= {
        }
        &'linear-planner-sync;help;map;list'= {
        }
        &'linear-planner-sync;help;map;show'= {
        }
        &'linear-planner-sync;help;map;remove'= {
        }
        &'linear-planner-sync;help;map;enable'= {
        }
        &'linear-planner-sync;help;map;disable'= {
        }
        &'linear-planner-sync;help;bootstrap'= {
        }
        &'linear-planner-sync;help;sync'= {
        }
        &'linear-planner-sync;help;push'= {
        }
        &'linear-planner-sync;help;users'= {
            cand sync 'Refresh the cache for everyone the mapped sides know (team members and assignees)'
            cand list 'List known users and whether both sides are known'
            cand map 'Map a Linear user (by email) to an Azure AD user id; survives automatic refreshes'
            cand forget 'Forget a user (cached lookups and manual overrides)'
        }
        &'linear-planner-sync;help;users;sync'= {
        }
        &'linear-planner-sync;help;users;list'= {
        }
        &'linear-planner-sync;help;users;map'= {
        }
        &'linear-planner-sync;help;users;forget'= {
        }
        &'linear-planner-sync;help;audit'= {
        }
        &'linear-planner-sync;help;dlq'= {
            cand list 'List dead-lettered changes'
            cand show 'Show one dead-lettered change with its error and payload'
            cand retry 'Replay dead-lettered changes against the current state (merge again, not a blind replay)'
            cand drop 'Delete a dead-lettered change without replaying it (the audit keeps the history)'
        }
        &'linear-planner-sync;help;dlq;list'= {
        }
        &'linear-planner-sync;help;dlq;show'= {
        }
        &'linear-planner-sync;help;dlq;retry'= {
        }
        &'linear-planner-sync;help;dlq;drop'= {
        }
        &'linear-planner-sync;help;status'= {
        }
        &'linear-planner-sync;help;report'= {
        }
        &'linear-planner-sync;help;webhook'= {
            cand ingest 'Verify one delivery read from stdin and queue it (exit 2 when it is rejected)'
            cand serve 'Listen for deliveries over HTTP, verify and queue each one (stops on SIGTERM or Ctrl-C)'
        }
        &'linear-planner-sync;help;webhook;ingest'= {
        }
        &'linear-planner-sync;help;webhook;serve'= {
        }
        &'linear-planner-sync;help;doctor'= {
        }
        &'linear-planner-sync;help;sandbox'= {
        }
        &'linear-planner-sync;help;completions'= {
        }
        &'linear-planner-sync;help;help'= {
        }
    ]
    $completions[$command]
}
