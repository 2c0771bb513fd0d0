
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'linear-planner-sync' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'linear-planner-sync'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'linear-planner-sync' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the whole job on the embedded sandbox and show what happened')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Manage project ↔ plan mappings (without a subcommand: an interactive setup wizard)')
            [CompletionResult]::new('bootstrap', 'bootstrap', [CompletionResultType]::ParameterValue, 'Scan both sides fully: link existing pairs, create missing counterparts, store cursors')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Run one bounded sync pass (run it from cron every minute)')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Create a linked Linear issue and Planner task from a ticket (JSON on stdin)')
            [CompletionResult]::new('users', 'users', [CompletionResultType]::ParameterValue, 'Inspect and override the user mapping used for assignees')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show the audit trail (every write, conflict, skip and link change), newest first')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Inspect and drop dead-lettered changes')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the health of every mapping (exit 1 when one needs attention)')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Workload per assignee across plans and completion per plan, from the synced state')
            [CompletionResult]::new('webhook', 'webhook', [CompletionResultType]::ParameterValue, 'Verify Linear webhooks and queue them for `sync` (from stdin or over HTTP)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check config, credentials, permissions, clock, database and lock, with each fix')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Run the embedded sandbox (stand-ins for Microsoft Graph and Linear) until interrupted')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'linear-planner-sync;demo' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the sandbox running afterwards and print the exports to explore it with the CLI')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;map' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Map a Linear project to a Planner plan (checks both sides first)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change the sync controls of a mapping (takes effect on the next pass)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every mapping with its state')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one mapping with its bucket ↔ state pairs')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete a mapping with its links and cursors (nothing is deleted in Planner or Linear)')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Resume a disabled or paused mapping')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Stop syncing a mapping until `map enable`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'linear-planner-sync;map;add' {
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Linear project id or name')
            [CompletionResult]::new('--team', '--team', [CompletionResultType]::ParameterName, 'Linear team key, e.g. ENG')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Planner plan id')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'Pair a bucket with a workflow state, e.g. --bucket "In progress=In Progress" (repeatable); other buckets and states get defaults by name, then by state type')
            [CompletionResult]::new('--conflict', '--conflict', [CompletionResultType]::ParameterName, 'Who wins when both sides changed a field: latest (default), planner-wins, linear-wins')
            [CompletionResult]::new('--direction', '--direction', [CompletionResultType]::ParameterName, 'Which way a field flows, e.g. --direction title=to-linear (repeatable). Fields: title, description, state, assignee, due, priority, labels, checklist, links, comments, attachments; directions: both (default), to-linear, to-planner, off')
            [CompletionResult]::new('--enforce', '--enforce', [CompletionResultType]::ParameterName, 'Revert changes made on the read-only side of a one-way field (repeatable)')
            [CompletionResult]::new('--no-enforce', '--no-enforce', [CompletionResultType]::ParameterName, 'Stop enforcing a field: changes on its read-only side are ignored again (repeatable)')
            [CompletionResult]::new('--include-label', '--include-label', [CompletionResultType]::ParameterName, 'Only sync issues with one of these Linear labels (repeatable)')
            [CompletionResult]::new('--exclude-label', '--exclude-label', [CompletionResultType]::ParameterName, 'Never sync issues with this Linear label (repeatable)')
            [CompletionResult]::new('--state-type', '--state-type', [CompletionResultType]::ParameterName, 'Only sync issues whose state is of this type: triage, backlog, unstarted, started, completed, canceled (repeatable)')
            [CompletionResult]::new('--created-after', '--created-after', [CompletionResultType]::ParameterName, 'Only sync items created on or after this day (YYYY-MM-DD)')
            [CompletionResult]::new('--only-bucket', '--only-bucket', [CompletionResultType]::ParameterName, 'Only sync tasks in this Planner bucket (repeatable)')
            [CompletionResult]::new('--only-category', '--only-category', [CompletionResultType]::ParameterName, 'Only sync tasks with this Planner category, by name (repeatable)')
            [CompletionResult]::new('--surface-errors', '--surface-errors', [CompletionResultType]::ParameterName, 'Comment on the Linear issue when its change is dead-lettered, and when it recovers')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--create-buckets', '--create-buckets', [CompletionResultType]::ParameterName, 'Create missing buckets: those named in --bucket, and one per state without a bucket')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Store the mapping without asking (needed without a terminal)')
            [CompletionResult]::new('--clear-filter', '--clear-filter', [CompletionResultType]::ParameterName, 'Drop every filter first (the filter flags given with it make the new filter)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;map;edit' {
            [CompletionResult]::new('--conflict', '--conflict', [CompletionResultType]::ParameterName, 'Who wins when both sides changed a field: latest (default), planner-wins, linear-wins')
            [CompletionResult]::new('--direction', '--direction', [CompletionResultType]::ParameterName, 'Which way a field flows, e.g. --direction title=to-linear (repeatable). Fields: title, description, state, assignee, due, priority, labels, checklist, links, comments, attachments; directions: both (default), to-linear, to-planner, off')
            [CompletionResult]::new('--enforce', '--enforce', [CompletionResultType]::ParameterName, 'Revert changes made on the read-only side of a one-way field (repeatable)')
            [CompletionResult]::new('--no-enforce', '--no-enforce', [CompletionResultType]::ParameterName, 'Stop enforcing a field: changes on its read-only side are ignored again (repeatable)')
            [CompletionResult]::new('--include-label', '--include-label', [CompletionResultType]::ParameterName, 'Only sync issues with one of these Linear labels (repeatable)')
            [CompletionResult]::new('--exclude-label', '--exclude-label', [CompletionResultType]::ParameterName, 'Never sync issues with this Linear label (repeatable)')
            [CompletionResult]::new('--state-type', '--state-type', [CompletionResultType]::ParameterName, 'Only sync issues whose state is of this type: triage, backlog, unstarted, started, completed, canceled (repeatable)')
            [CompletionResult]::new('--created-after', '--created-after', [CompletionResultType]::ParameterName, 'Only sync items created on or after this day (YYYY-MM-DD)')
            [CompletionResult]::new('--only-bucket', '--only-bucket', [CompletionResultType]::ParameterName, 'Only sync tasks in this Planner bucket (repeatable)')
            [CompletionResult]::new('--only-category', '--only-category', [CompletionResultType]::ParameterName, 'Only sync tasks with this Planner category, by name (repeatable)')
            [CompletionResult]::new('--surface-errors', '--surface-errors', [CompletionResultType]::ParameterName, 'Comment on the Linear issue when its change is dead-lettered, and when it recovers')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--clear-filter', '--clear-filter', [CompletionResultType]::ParameterName, 'Drop every filter first (the filter flags given with it make the new filter)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;map;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;map;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;map;remove' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed without a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;map;enable' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;map;disable' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;map;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Map a Linear project to a Planner plan (checks both sides first)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change the sync controls of a mapping (takes effect on the next pass)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every mapping with its state')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one mapping with its bucket ↔ state pairs')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete a mapping with its links and cursors (nothing is deleted in Planner or Linear)')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Resume a disabled or paused mapping')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Stop syncing a mapping until `map enable`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'linear-planner-sync;map;help;add' {
            break
        }
        'linear-planner-sync;map;help;edit' {
            break
        }
        'linear-planner-sync;map;help;list' {
            break
        }
        'linear-planner-sync;map;help;show' {
            break
        }
        'linear-planner-sync;map;help;remove' {
            break
        }
        'linear-planner-sync;map;help;enable' {
            break
        }
        'linear-planner-sync;map;help;disable' {
            break
        }
        'linear-planner-sync;map;help;help' {
            break
        }
        'linear-planner-sync;bootstrap' {
            [CompletionResult]::new('--mapping', '--mapping', [CompletionResultType]::ParameterName, 'Only this mapping')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only bring over items created on or after this day (YYYY-MM-DD); kept as the mapping''s created-after filter, so older items stay out on later passes too (not with --dry-run)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be linked and created, and write nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'linear-planner-sync;sync' {
            [CompletionResult]::new('--mapping', '--mapping', [CompletionResultType]::ParameterName, 'Only this mapping')
            [CompletionResult]::new('--max-ops', '--max-ops', [CompletionResultType]::ParameterName, 'Stop taking new changes after this many writes [default: sync.max_ops]')
            [CompletionResult]::new('--time-budget', '--time-budget', [CompletionResultType]::ParameterName, 'Stop taking new changes after this many seconds [default: sync.time_budget_secs]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the planned changes and write nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'linear-planner-sync;push' {
            [CompletionResult]::new('--mapping', '--mapping', [CompletionResultType]::ParameterName, 'The mapping to push into (see `map list`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'linear-planner-sync;users' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Refresh the cache for everyone the mapped sides know (team members and assignees)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List known users and whether both sides are known')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Map a Linear user (by email) to an Azure AD user id; survives automatic refreshes')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Forget a user (cached lookups and manual overrides)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'linear-planner-sync;users;sync' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;users;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--unmapped', '--unmapped', [CompletionResultType]::ParameterName, 'Only users missing on one side (their assignments cannot sync)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;users;map' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;users;forget' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;users;help' {
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Refresh the cache for everyone the mapped sides know (team members and assignees)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List known users and whether both sides are known')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Map a Linear user (by email) to an Azure AD user id; survives automatic refreshes')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Forget a user (cached lookups and manual overrides)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'linear-planner-sync;users;help;sync' {
            break
        }
        'linear-planner-sync;users;help;list' {
            break
        }
        'linear-planner-sync;users;help;map' {
            break
        }
        'linear-planner-sync;users;help;forget' {
            break
        }
        'linear-planner-sync;users;help;help' {
            break
        }
        'linear-planner-sync;audit' {
            [CompletionResult]::new('--mapping', '--mapping', [CompletionResultType]::ParameterName, 'Only this mapping')
            [CompletionResult]::new('--task', '--task', [CompletionResultType]::ParameterName, 'Only this Planner task id')
            [CompletionResult]::new('--issue', '--issue', [CompletionResultType]::ParameterName, 'Only this Linear issue (id or identifier such as ENG-12)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only entries at or after this time (RFC 3339, e.g. 2026-11-24T00:00:00Z)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many entries')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--conflicts', '--conflicts', [CompletionResultType]::ParameterName, 'Only conflicts (both values are shown)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;dlq' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List dead-lettered changes')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one dead-lettered change with its error and payload')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Replay dead-lettered changes against the current state (merge again, not a blind replay)')
            [CompletionResult]::new('drop', 'drop', [CompletionResultType]::ParameterValue, 'Delete a dead-lettered change without replaying it (the audit keeps the history)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'linear-planner-sync;dlq;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;dlq;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;dlq;retry' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every dead letter')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'linear-planner-sync;dlq;drop' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;dlq;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List dead-lettered changes')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one dead-lettered change with its error and payload')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Replay dead-lettered changes against the current state (merge again, not a blind replay)')
            [CompletionResult]::new('drop', 'drop', [CompletionResultType]::ParameterValue, 'Delete a dead-lettered change without replaying it (the audit keeps the history)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'linear-planner-sync;dlq;help;list' {
            break
        }
        'linear-planner-sync;dlq;help;show' {
            break
        }
        'linear-planner-sync;dlq;help;retry' {
            break
        }
        'linear-planner-sync;dlq;help;drop' {
            break
        }
        'linear-planner-sync;dlq;help;help' {
            break
        }
        'linear-planner-sync;status' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, '`prometheus`: the gauges and counters in the Prometheus text format, for a node_exporter textfile collector (always exit 0: the health is in the values)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;report' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;webhook' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('ingest', 'ingest', [CompletionResultType]::ParameterValue, 'Verify one delivery read from stdin and queue it (exit 2 when it is rejected)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Listen for deliveries over HTTP, verify and queue each one (stops on SIGTERM or Ctrl-C)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'linear-planner-sync;webhook;ingest' {
            [CompletionResult]::new('--signature', '--signature', [CompletionResultType]::ParameterName, 'The `Linear-Signature` header: hex HMAC-SHA256 of the body with LINEAR_WEBHOOK_SECRET')
            [CompletionResult]::new('--delivery', '--delivery', [CompletionResultType]::ParameterName, 'The `Linear-Delivery` header, used to drop redeliveries [default: a hash of the body]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;webhook;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on (port 0 picks a free port)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;webhook;help' {
            [CompletionResult]::new('ingest', 'ingest', [CompletionResultType]::ParameterValue, 'Verify one delivery read from stdin and queue it (exit 2 when it is rejected)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Listen for deliveries over HTTP, verify and queue each one (stops on SIGTERM or Ctrl-C)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'linear-planner-sync;webhook;help;ingest' {
            break
        }
        'linear-planner-sync;webhook;help;serve' {
            break
        }
        'linear-planner-sync;webhook;help;help' {
            break
        }
        'linear-planner-sync;doctor' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Skip the checks that call Microsoft Graph and Linear (token, permissions, key, clock)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;sandbox' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on (port 0 picks a free port)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Initial data: empty, small, demo or large:N (N tasks and issues)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'linear-planner-sync;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON document on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (repeat for more)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never show progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'linear-planner-sync;help' {
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the whole job on the embedded sandbox and show what happened')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Manage project ↔ plan mappings (without a subcommand: an interactive setup wizard)')
            [CompletionResult]::new('bootstrap', 'bootstrap', [CompletionResultType]::ParameterValue, 'Scan both sides fully: link existing pairs, create missing counterparts, store cursors')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Run one bounded sync pass (run it from cron every minute)')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Create a linked Linear issue and Planner task from a ticket (JSON on stdin)')
            [CompletionResult]::new('users', 'users', [CompletionResultType]::ParameterValue, 'Inspect and override the user mapping used for assignees')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show the audit trail (every write, conflict, skip and link change), newest first')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Inspect and drop dead-lettered changes')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the health of every mapping (exit 1 when one needs attention)')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Workload per assignee across plans and completion per plan, from the synced state')
            [CompletionResult]::new('webhook', 'webhook', [CompletionResultType]::ParameterValue, 'Verify Linear webhooks and queue them for `sync` (from stdin or over HTTP)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check config, credentials, permissions, clock, database and lock, with each fix')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Run the embedded sandbox (stand-ins for Microsoft Graph and Linear) until interrupted')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'linear-planner-sync;help;demo' {
            break
        }
        'linear-planner-sync;help;map' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Map a Linear project to a Planner plan (checks both sides first)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change the sync controls of a mapping (takes effect on the next pass)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every mapping with its state')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one mapping with its bucket ↔ state pairs')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete a mapping with its links and cursors (nothing is deleted in Planner or Linear)')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Resume a disabled or paused mapping')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Stop syncing a mapping until `map enable`')
            break
        }
        'linear-planner-sync;help;map;add' {
            break
        }
        'linear-planner-sync;help;map;edit' {
            break
        }
        'linear-planner-sync;help;map;list' {
            break
        }
        'linear-planner-sync;help;map;show' {
            break
        }
        'linear-planner-sync;help;map;remove' {
            break
        }
        'linear-planner-sync;help;map;enable' {
            break
        }
        'linear-planner-sync;help;map;disable' {
            break
        }
        'linear-planner-sync;help;bootstrap' {
            break
        }
        'linear-planner-sync;help;sync' {
            break
        }
        'linear-planner-sync;help;push' {
            break
        }
        'linear-planner-sync;help;users' {
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Refresh the cache for everyone the mapped sides know (team members and assignees)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List known users and whether both sides are known')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Map a Linear user (by email) to an Azure AD user id; survives automatic refreshes')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Forget a user (cached lookups and manual overrides)')
            break
        }
        'linear-planner-sync;help;users;sync' {
            break
        }
        'linear-planner-sync;help;users;list' {
            break
        }
        'linear-planner-sync;help;users;map' {
            break
        }
        'linear-planner-sync;help;users;forget' {
            break
        }
        'linear-planner-sync;help;audit' {
            break
        }
        'linear-planner-sync;help;dlq' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List dead-lettered changes')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one dead-lettered change with its error and payload')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Replay dead-lettered changes against the current state (merge again, not a blind replay)')
            [CompletionResult]::new('drop', 'drop', [CompletionResultType]::ParameterValue, 'Delete a dead-lettered change without replaying it (the audit keeps the history)')
            break
        }
        'linear-planner-sync;help;dlq;list' {
            break
        }
        'linear-planner-sync;help;dlq;show' {
            break
        }
        'linear-planner-sync;help;dlq;retry' {
            break
        }
        'linear-planner-sync;help;dlq;drop' {
            break
        }
        'linear-planner-sync;help;status' {
            break
        }
        'linear-planner-sync;help;report' {
            break
        }
        'linear-planner-sync;help;webhook' {
            [CompletionResult]::new('ingest', 'ingest', [CompletionResultType]::ParameterValue, 'Verify one delivery read from stdin and queue it (exit 2 when it is rejected)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Listen for deliveries over HTTP, verify and queue each one (stops on SIGTERM or Ctrl-C)')
            break
        }
        'linear-planner-sync;help;webhook;ingest' {
            break
        }
        'linear-planner-sync;help;webhook;serve' {
            break
        }
        'linear-planner-sync;help;doctor' {
            break
        }
        'linear-planner-sync;help;sandbox' {
            break
        }
        'linear-planner-sync;help;completions' {
            break
        }
        'linear-planner-sync;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
