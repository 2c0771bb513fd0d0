# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_linear_planner_sync_global_optspecs
    string join \n config= db= json q/quiet v/verbose no-progress h/help V/version
end

function __fish_linear_planner_sync_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_linear_planner_sync_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_linear_planner_sync_using_subcommand
    set -l cmd (__fish_linear_planner_sync_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -s V -l version -d 'Print version'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -f -a "demo" -d 'Run the whole job on the embedded sandbox and show what happened'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -f -a "map" -d 'Manage project ↔ plan mappings (without a subcommand: an interactive setup wizard)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -f -a "bootstrap" -d 'Scan both sides fully: link existing pairs, create missing counterparts, store cursors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -f -a "sync" -d 'Run one bounded sync pass (run it from cron every minute)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -f -a "push" -d 'Create a linked Linear issue and Planner task from a ticket (JSON on stdin)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -f -a "users" -d 'Inspect and override the user mapping used for assignees'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -f -a "audit" -d 'Show the audit trail (every write, conflict, skip and link change), newest first'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -f -a "dlq" -d 'Inspect and drop dead-lettered changes'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -f -a "status" -d 'Show the health of every mapping (exit 1 when one needs attention)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -f -a "report" -d 'Workload per assignee across plans and completion per plan, from the synced state'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -f -a "webhook" -d 'Verify Linear webhooks and queue them for `sync` (from stdin or over HTTP)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -f -a "doctor" -d 'Check config, credentials, permissions, clock, database and lock, with each fix'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -f -a "sandbox" -d 'Run the embedded sandbox (stand-ins for Microsoft Graph and Linear) until interrupted'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand demo" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand demo" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand demo" -l keep -d 'Keep the sandbox running afterwards and print the exports to explore it with the CLI'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand demo" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand demo" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand demo" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand demo" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand demo" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and not __fish_seen_subcommand_from add edit list show remove enable disable help" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and not __fish_seen_subcommand_from add edit list show remove enable disable help" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and not __fish_seen_subcommand_from add edit list show remove enable disable help" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and not __fish_seen_subcommand_from add edit list show remove enable disable help" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and not __fish_seen_subcommand_from add edit list show remove enable disable help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and not __fish_seen_subcommand_from add edit list show remove enable disable help" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and not __fish_seen_subcommand_from add edit list show remove enable disable help" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and not __fish_seen_subcommand_from add edit list show remove enable disable help" -f -a "add" -d 'Map a Linear project to a Planner plan (checks both sides first)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and not __fish_seen_subcommand_from add edit list show remove enable disable help" -f -a "edit" -d 'Change the sync controls of a mapping (takes effect on the next pass)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and not __fish_seen_subcommand_from add edit list show remove enable disable help" -f -a "list" -d 'List every mapping with its state'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and not __fish_seen_subcommand_from add edit list show remove enable disable help" -f -a "show" -d 'Show one mapping with its bucket ↔ state pairs'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and not __fish_seen_subcommand_from add edit list show remove enable disable help" -f -a "remove" -d 'Delete a mapping with its links and cursors (nothing is deleted in Planner or Linear)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and not __fish_seen_subcommand_from add edit list show remove enable disable help" -f -a "enable" -d 'Resume a disabled or paused mapping'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and not __fish_seen_subcommand_from add edit list show remove enable disable help" -f -a "disable" -d 'Stop syncing a mapping until `map enable`'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and not __fish_seen_subcommand_from add edit list show remove enable disable help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l project -d 'Linear project id or name' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l team -d 'Linear team key, e.g. ENG' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l plan -d 'Planner plan id' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l bucket -d 'Pair a bucket with a workflow state, e.g. --bucket "In progress=In Progress" (repeatable); other buckets and states get defaults by name, then by state type' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l conflict -d 'Who wins when both sides changed a field: latest (default), planner-wins, linear-wins' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l direction -d 'Which way a field flows, e.g. --direction title=to-linear (repeatable). Fields: title, description, state, assignee, due, priority, labels, checklist, links, comments, attachments; directions: both (default), to-linear, to-planner, off' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l enforce -d 'Revert changes made on the read-only side of a one-way field (repeatable)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l no-enforce -d 'Stop enforcing a field: changes on its read-only side are ignored again (repeatable)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l include-label -d 'Only sync issues with one of these Linear labels (repeatable)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l exclude-label -d 'Never sync issues with this Linear label (repeatable)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l state-type -d 'Only sync issues whose state is of this type: triage, backlog, unstarted, started, completed, canceled (repeatable)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l created-after -d 'Only sync items created on or after this day (YYYY-MM-DD)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l only-bucket -d 'Only sync tasks in this Planner bucket (repeatable)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l only-category -d 'Only sync tasks with this Planner category, by name (repeatable)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l surface-errors -d 'Comment on the Linear issue when its change is dead-lettered, and when it recovers' -r -f -a "true\t''
false\t''"
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l create-buckets -d 'Create missing buckets: those named in --bucket, and one per state without a bucket'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l yes -d 'Store the mapping without asking (needed without a terminal)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l clear-filter -d 'Drop every filter first (the filter flags given with it make the new filter)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l conflict -d 'Who wins when both sides changed a field: latest (default), planner-wins, linear-wins' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l direction -d 'Which way a field flows, e.g. --direction title=to-linear (repeatable). Fields: title, description, state, assignee, due, priority, labels, checklist, links, comments, attachments; directions: both (default), to-linear, to-planner, off' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l enforce -d 'Revert changes made on the read-only side of a one-way field (repeatable)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l no-enforce -d 'Stop enforcing a field: changes on its read-only side are ignored again (repeatable)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l include-label -d 'Only sync issues with one of these Linear labels (repeatable)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l exclude-label -d 'Never sync issues with this Linear label (repeatable)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l state-type -d 'Only sync issues whose state is of this type: triage, backlog, unstarted, started, completed, canceled (repeatable)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l created-after -d 'Only sync items created on or after this day (YYYY-MM-DD)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l only-bucket -d 'Only sync tasks in this Planner bucket (repeatable)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l only-category -d 'Only sync tasks with this Planner category, by name (repeatable)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l surface-errors -d 'Comment on the Linear issue when its change is dead-lettered, and when it recovers' -r -f -a "true\t''
false\t''"
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l clear-filter -d 'Drop every filter first (the filter flags given with it make the new filter)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from list" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from list" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from list" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from list" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from show" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from show" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from show" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from remove" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from remove" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from remove" -l yes -d 'Do not ask for confirmation (needed without a terminal)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from remove" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from remove" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from enable" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from enable" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from enable" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from enable" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from enable" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from disable" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from disable" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from disable" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from disable" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from disable" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from help" -f -a "add" -d 'Map a Linear project to a Planner plan (checks both sides first)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change the sync controls of a mapping (takes effect on the next pass)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every mapping with its state'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one mapping with its bucket ↔ state pairs'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Delete a mapping with its links and cursors (nothing is deleted in Planner or Linear)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Resume a disabled or paused mapping'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Stop syncing a mapping until `map enable`'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand map; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand bootstrap" -l mapping -d 'Only this mapping' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand bootstrap" -l since -d 'Only bring over items created on or after this day (YYYY-MM-DD); kept as the mapping\'s created-after filter, so older items stay out on later passes too (not with --dry-run)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand bootstrap" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand bootstrap" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand bootstrap" -l dry-run -d 'Print what would be linked and created, and write nothing'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand bootstrap" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand bootstrap" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand bootstrap" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand bootstrap" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand bootstrap" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sync" -l mapping -d 'Only this mapping' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sync" -l max-ops -d 'Stop taking new changes after this many writes [default: sync.max_ops]' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sync" -l time-budget -d 'Stop taking new changes after this many seconds [default: sync.time_budget_secs]' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sync" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sync" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sync" -l dry-run -d 'Print the planned changes and write nothing'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sync" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sync" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sync" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sync" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand push" -l mapping -d 'The mapping to push into (see `map list`)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand push" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand push" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand push" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand push" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand push" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand push" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and not __fish_seen_subcommand_from sync list map forget help" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and not __fish_seen_subcommand_from sync list map forget help" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and not __fish_seen_subcommand_from sync list map forget help" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and not __fish_seen_subcommand_from sync list map forget help" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and not __fish_seen_subcommand_from sync list map forget help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and not __fish_seen_subcommand_from sync list map forget help" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and not __fish_seen_subcommand_from sync list map forget help" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and not __fish_seen_subcommand_from sync list map forget help" -f -a "sync" -d 'Refresh the cache for everyone the mapped sides know (team members and assignees)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and not __fish_seen_subcommand_from sync list map forget help" -f -a "list" -d 'List known users and whether both sides are known'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and not __fish_seen_subcommand_from sync list map forget help" -f -a "map" -d 'Map a Linear user (by email) to an Azure AD user id; survives automatic refreshes'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and not __fish_seen_subcommand_from sync list map forget help" -f -a "forget" -d 'Forget a user (cached lookups and manual overrides)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and not __fish_seen_subcommand_from sync list map forget help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from sync" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from sync" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from sync" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from sync" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from sync" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from sync" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from sync" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from list" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from list" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from list" -l unmapped -d 'Only users missing on one side (their assignments cannot sync)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from list" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from list" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from map" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from map" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from map" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from map" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from map" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from map" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from map" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from forget" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from forget" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from forget" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from forget" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from forget" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from forget" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from forget" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "sync" -d 'Refresh the cache for everyone the mapped sides know (team members and assignees)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "list" -d 'List known users and whether both sides are known'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "map" -d 'Map a Linear user (by email) to an Azure AD user id; survives automatic refreshes'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "forget" -d 'Forget a user (cached lookups and manual overrides)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand audit" -l mapping -d 'Only this mapping' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand audit" -l task -d 'Only this Planner task id' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand audit" -l issue -d 'Only this Linear issue (id or identifier such as ENG-12)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand audit" -l since -d 'Only entries at or after this time (RFC 3339, e.g. 2026-11-24T00:00:00Z)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand audit" -l limit -d 'At most this many entries' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand audit" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand audit" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand audit" -l conflicts -d 'Only conflicts (both values are shown)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand audit" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand audit" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand audit" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand audit" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand audit" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and not __fish_seen_subcommand_from list show retry drop help" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and not __fish_seen_subcommand_from list show retry drop help" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and not __fish_seen_subcommand_from list show retry drop help" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and not __fish_seen_subcommand_from list show retry drop help" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and not __fish_seen_subcommand_from list show retry drop help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and not __fish_seen_subcommand_from list show retry drop help" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and not __fish_seen_subcommand_from list show retry drop help" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and not __fish_seen_subcommand_from list show retry drop help" -f -a "list" -d 'List dead-lettered changes'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and not __fish_seen_subcommand_from list show retry drop help" -f -a "show" -d 'Show one dead-lettered change with its error and payload'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and not __fish_seen_subcommand_from list show retry drop help" -f -a "retry" -d 'Replay dead-lettered changes against the current state (merge again, not a blind replay)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and not __fish_seen_subcommand_from list show retry drop help" -f -a "drop" -d 'Delete a dead-lettered change without replaying it (the audit keeps the history)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and not __fish_seen_subcommand_from list show retry drop help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from list" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from list" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from list" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from list" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from show" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from show" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from show" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from retry" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from retry" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from retry" -l all -d 'Every dead letter'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from retry" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from retry" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from retry" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from retry" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from drop" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from drop" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from drop" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from drop" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from drop" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from drop" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from drop" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "list" -d 'List dead-lettered changes'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one dead-lettered change with its error and payload'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Replay dead-lettered changes against the current state (merge again, not a blind replay)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "drop" -d 'Delete a dead-lettered change without replaying it (the audit keeps the history)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand status" -l format -d '`prometheus`: the gauges and counters in the Prometheus text format, for a node_exporter textfile collector (always exit 0: the health is in the values)' -r -f -a "prometheus\t''"
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand status" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand status" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand status" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand status" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand status" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand status" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand status" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand report" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand report" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand report" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand report" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand report" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand report" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand report" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and not __fish_seen_subcommand_from ingest serve help" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and not __fish_seen_subcommand_from ingest serve help" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and not __fish_seen_subcommand_from ingest serve help" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and not __fish_seen_subcommand_from ingest serve help" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and not __fish_seen_subcommand_from ingest serve help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and not __fish_seen_subcommand_from ingest serve help" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and not __fish_seen_subcommand_from ingest serve help" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and not __fish_seen_subcommand_from ingest serve help" -f -a "ingest" -d 'Verify one delivery read from stdin and queue it (exit 2 when it is rejected)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and not __fish_seen_subcommand_from ingest serve help" -f -a "serve" -d 'Listen for deliveries over HTTP, verify and queue each one (stops on SIGTERM or Ctrl-C)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and not __fish_seen_subcommand_from ingest serve help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from ingest" -l signature -d 'The `Linear-Signature` header: hex HMAC-SHA256 of the body with LINEAR_WEBHOOK_SECRET' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from ingest" -l delivery -d 'The `Linear-Delivery` header, used to drop redeliveries [default: a hash of the body]' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from ingest" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from ingest" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from ingest" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from ingest" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from ingest" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from ingest" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from ingest" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from serve" -l listen -d 'Address to listen on (port 0 picks a free port)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from serve" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from serve" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from serve" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from serve" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "ingest" -d 'Verify one delivery read from stdin and queue it (exit 2 when it is rejected)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Listen for deliveries over HTTP, verify and queue each one (stops on SIGTERM or Ctrl-C)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand doctor" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand doctor" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand doctor" -l offline -d 'Skip the checks that call Microsoft Graph and Linear (token, permissions, key, clock)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand doctor" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand doctor" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand doctor" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand doctor" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sandbox" -l listen -d 'Address to listen on (port 0 picks a free port)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sandbox" -l seed -d 'Initial data: empty, small, demo or large:N (N tasks and issues)' -r
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sandbox" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sandbox" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sandbox" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sandbox" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sandbox" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sandbox" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand sandbox" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand completions" -l config -d 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand completions" -l db -d 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]' -r -F
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand completions" -l json -d 'Print one machine-readable JSON document on stdout'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand completions" -s q -l quiet -d 'Print only results and errors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand completions" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand completions" -l no-progress -d 'Never show progress bars'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand completions" -s h -l help -d 'Print help'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and not __fish_seen_subcommand_from demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help" -f -a "demo" -d 'Run the whole job on the embedded sandbox and show what happened'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and not __fish_seen_subcommand_from demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help" -f -a "map" -d 'Manage project ↔ plan mappings (without a subcommand: an interactive setup wizard)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and not __fish_seen_subcommand_from demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help" -f -a "bootstrap" -d 'Scan both sides fully: link existing pairs, create missing counterparts, store cursors'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and not __fish_seen_subcommand_from demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help" -f -a "sync" -d 'Run one bounded sync pass (run it from cron every minute)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and not __fish_seen_subcommand_from demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help" -f -a "push" -d 'Create a linked Linear issue and Planner task from a ticket (JSON on stdin)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and not __fish_seen_subcommand_from demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help" -f -a "users" -d 'Inspect and override the user mapping used for assignees'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and not __fish_seen_subcommand_from demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help" -f -a "audit" -d 'Show the audit trail (every write, conflict, skip and link change), newest first'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and not __fish_seen_subcommand_from demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help" -f -a "dlq" -d 'Inspect and drop dead-lettered changes'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and not __fish_seen_subcommand_from demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help" -f -a "status" -d 'Show the health of every mapping (exit 1 when one needs attention)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and not __fish_seen_subcommand_from demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help" -f -a "report" -d 'Workload per assignee across plans and completion per plan, from the synced state'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and not __fish_seen_subcommand_from demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help" -f -a "webhook" -d 'Verify Linear webhooks and queue them for `sync` (from stdin or over HTTP)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and not __fish_seen_subcommand_from demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help" -f -a "doctor" -d 'Check config, credentials, permissions, clock, database and lock, with each fix'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and not __fish_seen_subcommand_from demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help" -f -a "sandbox" -d 'Run the embedded sandbox (stand-ins for Microsoft Graph and Linear) until interrupted'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and not __fish_seen_subcommand_from demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and not __fish_seen_subcommand_from demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from map" -f -a "add" -d 'Map a Linear project to a Planner plan (checks both sides first)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from map" -f -a "edit" -d 'Change the sync controls of a mapping (takes effect on the next pass)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from map" -f -a "list" -d 'List every mapping with its state'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from map" -f -a "show" -d 'Show one mapping with its bucket ↔ state pairs'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from map" -f -a "remove" -d 'Delete a mapping with its links and cursors (nothing is deleted in Planner or Linear)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from map" -f -a "enable" -d 'Resume a disabled or paused mapping'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from map" -f -a "disable" -d 'Stop syncing a mapping until `map enable`'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "sync" -d 'Refresh the cache for everyone the mapped sides know (team members and assignees)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "list" -d 'List known users and whether both sides are known'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "map" -d 'Map a Linear user (by email) to an Azure AD user id; survives automatic refreshes'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "forget" -d 'Forget a user (cached lookups and manual overrides)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "list" -d 'List dead-lettered changes'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "show" -d 'Show one dead-lettered change with its error and payload'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "retry" -d 'Replay dead-lettered changes against the current state (merge again, not a blind replay)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "drop" -d 'Delete a dead-lettered change without replaying it (the audit keeps the history)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "ingest" -d 'Verify one delivery read from stdin and queue it (exit 2 when it is rejected)'
complete -c linear-planner-sync -n "__fish_linear_planner_sync_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "serve" -d 'Listen for deliveries over HTTP, verify and queue each one (stops on SIGTERM or Ctrl-C)'
