_linear__planner__sync() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="linear__planner__sync"
                ;;
            linear__planner__sync,audit)
                cmd="linear__planner__sync__subcmd__audit"
                ;;
            linear__planner__sync,bootstrap)
                cmd="linear__planner__sync__subcmd__bootstrap"
                ;;
            linear__planner__sync,completions)
                cmd="linear__planner__sync__subcmd__completions"
                ;;
            linear__planner__sync,demo)
                cmd="linear__planner__sync__subcmd__demo"
                ;;
            linear__planner__sync,dlq)
                cmd="linear__planner__sync__subcmd__dlq"
                ;;
            linear__planner__sync,doctor)
                cmd="linear__planner__sync__subcmd__doctor"
                ;;
            linear__planner__sync,help)
                cmd="linear__planner__sync__subcmd__help"
                ;;
            linear__planner__sync,map)
                cmd="linear__planner__sync__subcmd__map"
                ;;
            linear__planner__sync,push)
                cmd="linear__planner__sync__subcmd__push"
                ;;
            linear__planner__sync,report)
                cmd="linear__planner__sync__subcmd__report"
                ;;
            linear__planner__sync,sandbox)
                cmd="linear__planner__sync__subcmd__sandbox"
                ;;
            linear__planner__sync,status)
                cmd="linear__planner__sync__subcmd__status"
                ;;
            linear__planner__sync,sync)
                cmd="linear__planner__sync__subcmd__sync"
                ;;
            linear__planner__sync,users)
                cmd="linear__planner__sync__subcmd__users"
                ;;
            linear__planner__sync,webhook)
                cmd="linear__planner__sync__subcmd__webhook"
                ;;
            linear__planner__sync__subcmd__dlq,drop)
                cmd="linear__planner__sync__subcmd__dlq__subcmd__drop"
                ;;
            linear__planner__sync__subcmd__dlq,help)
                cmd="linear__planner__sync__subcmd__dlq__subcmd__help"
                ;;
            linear__planner__sync__subcmd__dlq,list)
                cmd="linear__planner__sync__subcmd__dlq__subcmd__list"
                ;;
            linear__planner__sync__subcmd__dlq,retry)
                cmd="linear__planner__sync__subcmd__dlq__subcmd__retry"
                ;;
            linear__planner__sync__subcmd__dlq,show)
                cmd="linear__planner__sync__subcmd__dlq__subcmd__show"
                ;;
            linear__planner__sync__subcmd__dlq__subcmd__help,drop)
                cmd="linear__planner__sync__subcmd__dlq__subcmd__help__subcmd__drop"
                ;;
            linear__planner__sync__subcmd__dlq__subcmd__help,help)
                cmd="linear__planner__sync__subcmd__dlq__subcmd__help__subcmd__help"
                ;;
            linear__planner__sync__subcmd__dlq__subcmd__help,list)
                cmd="linear__planner__sync__subcmd__dlq__subcmd__help__subcmd__list"
                ;;
            linear__planner__sync__subcmd__dlq__subcmd__help,retry)
                cmd="linear__planner__sync__subcmd__dlq__subcmd__help__subcmd__retry"
                ;;
            linear__planner__sync__subcmd__dlq__subcmd__help,show)
                cmd="linear__planner__sync__subcmd__dlq__subcmd__help__subcmd__show"
                ;;
            linear__planner__sync__subcmd__help,audit)
                cmd="linear__planner__sync__subcmd__help__subcmd__audit"
                ;;
            linear__planner__sync__subcmd__help,bootstrap)
                cmd="linear__planner__sync__subcmd__help__subcmd__bootstrap"
                ;;
            linear__planner__sync__subcmd__help,completions)
                cmd="linear__planner__sync__subcmd__help__subcmd__completions"
                ;;
            linear__planner__sync__subcmd__help,demo)
                cmd="linear__planner__sync__subcmd__help__subcmd__demo"
                ;;
            linear__planner__sync__subcmd__help,dlq)
                cmd="linear__planner__sync__subcmd__help__subcmd__dlq"
                ;;
            linear__planner__sync__subcmd__help,doctor)
                cmd="linear__planner__sync__subcmd__help__subcmd__doctor"
                ;;
            linear__planner__sync__subcmd__help,help)
                cmd="linear__planner__sync__subcmd__help__subcmd__help"
                ;;
            linear__planner__sync__subcmd__help,map)
                cmd="linear__planner__sync__subcmd__help__subcmd__map"
                ;;
            linear__planner__sync__subcmd__help,push)
                cmd="linear__planner__sync__subcmd__help__subcmd__push"
                ;;
            linear__planner__sync__subcmd__help,report)
                cmd="linear__planner__sync__subcmd__help__subcmd__report"
                ;;
            linear__planner__sync__subcmd__help,sandbox)
                cmd="linear__planner__sync__subcmd__help__subcmd__sandbox"
                ;;
            linear__planner__sync__subcmd__help,status)
                cmd="linear__planner__sync__subcmd__help__subcmd__status"
                ;;
            linear__planner__sync__subcmd__help,sync)
                cmd="linear__planner__sync__subcmd__help__subcmd__sync"
                ;;
            linear__planner__sync__subcmd__help,users)
                cmd="linear__planner__sync__subcmd__help__subcmd__users"
                ;;
            linear__planner__sync__subcmd__help,webhook)
                cmd="linear__planner__sync__subcmd__help__subcmd__webhook"
                ;;
            linear__planner__sync__subcmd__help__subcmd__dlq,drop)
                cmd="linear__planner__sync__subcmd__help__subcmd__dlq__subcmd__drop"
                ;;
            linear__planner__sync__subcmd__help__subcmd__dlq,list)
                cmd="linear__planner__sync__subcmd__help__subcmd__dlq__subcmd__list"
                ;;
            linear__planner__sync__subcmd__help__subcmd__dlq,retry)
                cmd="linear__planner__sync__subcmd__help__subcmd__dlq__subcmd__retry"
                ;;
            linear__planner__sync__subcmd__help__subcmd__dlq,show)
                cmd="linear__planner__sync__subcmd__help__subcmd__dlq__subcmd__show"
                ;;
            linear__planner__sync__subcmd__help__subcmd__map,add)
                cmd="linear__planner__sync__subcmd__help__subcmd__map__subcmd__add"
                ;;
            linear__planner__sync__subcmd__help__subcmd__map,disable)
                cmd="linear__planner__sync__subcmd__help__subcmd__map__subcmd__disable"
                ;;
            linear__planner__sync__subcmd__help__subcmd__map,edit)
                cmd="linear__planner__sync__subcmd__help__subcmd__map__subcmd__edit"
                ;;
            linear__planner__sync__subcmd__help__subcmd__map,enable)
                cmd="linear__planner__sync__subcmd__help__subcmd__map__subcmd__enable"
                ;;
            linear__planner__sync__subcmd__help__subcmd__map,list)
                cmd="linear__planner__sync__subcmd__help__subcmd__map__subcmd__list"
                ;;
            linear__planner__sync__subcmd__help__subcmd__map,remove)
                cmd="linear__planner__sync__subcmd__help__subcmd__map__subcmd__remove"
                ;;
            linear__planner__sync__subcmd__help__subcmd__map,show)
                cmd="linear__planner__sync__subcmd__help__subcmd__map__subcmd__show"
                ;;
            linear__planner__sync__subcmd__help__subcmd__users,forget)
                cmd="linear__planner__sync__subcmd__help__subcmd__users__subcmd__forget"
                ;;
            linear__planner__sync__subcmd__help__subcmd__users,list)
                cmd="linear__planner__sync__subcmd__help__subcmd__users__subcmd__list"
                ;;
            linear__planner__sync__subcmd__help__subcmd__users,map)
                cmd="linear__planner__sync__subcmd__help__subcmd__users__subcmd__map"
                ;;
            linear__planner__sync__subcmd__help__subcmd__users,sync)
                cmd="linear__planner__sync__subcmd__help__subcmd__users__subcmd__sync"
                ;;
            linear__planner__sync__subcmd__help__subcmd__webhook,ingest)
                cmd="linear__planner__sync__subcmd__help__subcmd__webhook__subcmd__ingest"
                ;;
            linear__planner__sync__subcmd__help__subcmd__webhook,serve)
                cmd="linear__planner__sync__subcmd__help__subcmd__webhook__subcmd__serve"
                ;;
            linear__planner__sync__subcmd__map,add)
                cmd="linear__planner__sync__subcmd__map__subcmd__add"
                ;;
            linear__planner__sync__subcmd__map,disable)
                cmd="linear__planner__sync__subcmd__map__subcmd__disable"
                ;;
            linear__planner__sync__subcmd__map,edit)
                cmd="linear__planner__sync__subcmd__map__subcmd__edit"
                ;;
            linear__planner__sync__subcmd__map,enable)
                cmd="linear__planner__sync__subcmd__map__subcmd__enable"
                ;;
            linear__planner__sync__subcmd__map,help)
                cmd="linear__planner__sync__subcmd__map__subcmd__help"
                ;;
            linear__planner__sync__subcmd__map,list)
                cmd="linear__planner__sync__subcmd__map__subcmd__list"
                ;;
            linear__planner__sync__subcmd__map,remove)
                cmd="linear__planner__sync__subcmd__map__subcmd__remove"
                ;;
            linear__planner__sync__subcmd__map,show)
                cmd="linear__planner__sync__subcmd__map__subcmd__show"
                ;;
            linear__planner__sync__subcmd__map__subcmd__help,add)
                cmd="linear__planner__sync__subcmd__map__subcmd__help__subcmd__add"
                ;;
            linear__planner__sync__subcmd__map__subcmd__help,disable)
                cmd="linear__planner__sync__subcmd__map__subcmd__help__subcmd__disable"
                ;;
            linear__planner__sync__subcmd__map__subcmd__help,edit)
                cmd="linear__planner__sync__subcmd__map__subcmd__help__subcmd__edit"
                ;;
            linear__planner__sync__subcmd__map__subcmd__help,enable)
                cmd="linear__planner__sync__subcmd__map__subcmd__help__subcmd__enable"
                ;;
            linear__planner__sync__subcmd__map__subcmd__help,help)
                cmd="linear__planner__sync__subcmd__map__subcmd__help__subcmd__help"
                ;;
            linear__planner__sync__subcmd__map__subcmd__help,list)
                cmd="linear__planner__sync__subcmd__map__subcmd__help__subcmd__list"
                ;;
            linear__planner__sync__subcmd__map__subcmd__help,remove)
                cmd="linear__planner__sync__subcmd__map__subcmd__help__subcmd__remove"
                ;;
            linear__planner__sync__subcmd__map__subcmd__help,show)
                cmd="linear__planner__sync__subcmd__map__subcmd__help__subcmd__show"
                ;;
            linear__planner__sync__subcmd__users,forget)
                cmd="linear__planner__sync__subcmd__users__subcmd__forget"
                ;;
            linear__planner__sync__subcmd__users,help)
                cmd="linear__planner__sync__subcmd__users__subcmd__help"
                ;;
            linear__planner__sync__subcmd__users,list)
                cmd="linear__planner__sync__subcmd__users__subcmd__list"
                ;;
            linear__planner__sync__subcmd__users,map)
                cmd="linear__planner__sync__subcmd__users__subcmd__map"
                ;;
            linear__planner__sync__subcmd__users,sync)
                cmd="linear__planner__sync__subcmd__users__subcmd__sync"
                ;;
            linear__planner__sync__subcmd__users__subcmd__help,forget)
                cmd="linear__planner__sync__subcmd__users__subcmd__help__subcmd__forget"
                ;;
            linear__planner__sync__subcmd__users__subcmd__help,help)
                cmd="linear__planner__sync__subcmd__users__subcmd__help__subcmd__help"
                ;;
            linear__planner__sync__subcmd__users__subcmd__help,list)
                cmd="linear__planner__sync__subcmd__users__subcmd__help__subcmd__list"
                ;;
            linear__planner__sync__subcmd__users__subcmd__help,map)
                cmd="linear__planner__sync__subcmd__users__subcmd__help__subcmd__map"
                ;;
            linear__planner__sync__subcmd__users__subcmd__help,sync)
                cmd="linear__planner__sync__subcmd__users__subcmd__help__subcmd__sync"
                ;;
            linear__planner__sync__subcmd__webhook,help)
                cmd="linear__planner__sync__subcmd__webhook__subcmd__help"
                ;;
            linear__planner__sync__subcmd__webhook,ingest)
                cmd="linear__planner__sync__subcmd__webhook__subcmd__ingest"
                ;;
            linear__planner__sync__subcmd__webhook,serve)
                cmd="linear__planner__sync__subcmd__webhook__subcmd__serve"
                ;;
            linear__planner__sync__subcmd__webhook__subcmd__help,help)
                cmd="linear__planner__sync__subcmd__webhook__subcmd__help__subcmd__help"
                ;;
            linear__planner__sync__subcmd__webhook__subcmd__help,ingest)
                cmd="linear__planner__sync__subcmd__webhook__subcmd__help__subcmd__ingest"
                ;;
            linear__planner__sync__subcmd__webhook__subcmd__help,serve)
                cmd="linear__planner__sync__subcmd__webhook__subcmd__help__subcmd__serve"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        linear__planner__sync)
            opts="-q -v -h -V --config --db --json --quiet --verbose --no-progress --help --version demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__audit)
            opts="-q -v -h --mapping --task --issue --since --conflicts --limit --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --mapping)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --task)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --issue)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --since)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --limit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__bootstrap)
            opts="-q -v -h --mapping --dry-run --since --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --mapping)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --since)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__completions)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__demo)
            opts="-q -v -h --keep --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__dlq)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help list show retry drop help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__dlq__subcmd__drop)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__dlq__subcmd__help)
            opts="list show retry drop help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__dlq__subcmd__help__subcmd__drop)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__dlq__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__dlq__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__dlq__subcmd__help__subcmd__retry)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__dlq__subcmd__help__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__dlq__subcmd__list)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__dlq__subcmd__retry)
            opts="-q -v -h --all --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__dlq__subcmd__show)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__doctor)
            opts="-q -v -h --offline --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help)
            opts="demo map bootstrap sync push users audit dlq status report webhook doctor sandbox completions help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__audit)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__bootstrap)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__demo)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__dlq)
            opts="list show retry drop"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__dlq__subcmd__drop)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__dlq__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__dlq__subcmd__retry)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__dlq__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__doctor)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__map)
            opts="add edit list show remove enable disable"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__map__subcmd__add)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__map__subcmd__disable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__map__subcmd__edit)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__map__subcmd__enable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__map__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__map__subcmd__remove)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__map__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__push)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__report)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__sandbox)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__sync)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__users)
            opts="sync list map forget"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__users__subcmd__forget)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__users__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__users__subcmd__map)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__users__subcmd__sync)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__webhook)
            opts="ingest serve"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__webhook__subcmd__ingest)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__help__subcmd__webhook__subcmd__serve)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help add edit list show remove enable disable help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__add)
            opts="-q -v -h --project --team --plan --bucket --create-buckets --yes --conflict --direction --enforce --no-enforce --include-label --exclude-label --state-type --created-after --only-bucket --only-category --clear-filter --surface-errors --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --project)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --team)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --plan)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --bucket)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --conflict)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --direction)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enforce)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --no-enforce)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --include-label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --exclude-label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-type)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --created-after)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --only-bucket)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --only-category)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --surface-errors)
                    COMPREPLY=($(compgen -W "true false" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__disable)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__edit)
            opts="-q -v -h --conflict --direction --enforce --no-enforce --include-label --exclude-label --state-type --created-after --only-bucket --only-category --clear-filter --surface-errors --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --conflict)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --direction)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --enforce)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --no-enforce)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --include-label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --exclude-label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-type)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --created-after)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --only-bucket)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --only-category)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --surface-errors)
                    COMPREPLY=($(compgen -W "true false" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__enable)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__help)
            opts="add edit list show remove enable disable help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__help__subcmd__add)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__help__subcmd__disable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__help__subcmd__edit)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__help__subcmd__enable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__help__subcmd__remove)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__help__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__list)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__remove)
            opts="-q -v -h --yes --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__map__subcmd__show)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__push)
            opts="-q -v -h --mapping --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --mapping)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__report)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__sandbox)
            opts="-q -v -h --listen --seed --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --listen)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --seed)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__status)
            opts="-q -v -h --format --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "prometheus" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__sync)
            opts="-q -v -h --mapping --max-ops --time-budget --dry-run --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --mapping)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-ops)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --time-budget)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__users)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help sync list map forget help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__users__subcmd__forget)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__users__subcmd__help)
            opts="sync list map forget help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__users__subcmd__help__subcmd__forget)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__users__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__users__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__users__subcmd__help__subcmd__map)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__users__subcmd__help__subcmd__sync)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__users__subcmd__list)
            opts="-q -v -h --unmapped --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__users__subcmd__map)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__users__subcmd__sync)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__webhook)
            opts="-q -v -h --config --db --json --quiet --verbose --no-progress --help ingest serve help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__webhook__subcmd__help)
            opts="ingest serve help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__webhook__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__webhook__subcmd__help__subcmd__ingest)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__webhook__subcmd__help__subcmd__serve)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__webhook__subcmd__ingest)
            opts="-q -v -h --signature --delivery --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --signature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --delivery)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        linear__subcmd__planner__subcmd__sync__subcmd__webhook__subcmd__serve)
            opts="-q -v -h --listen --config --db --json --quiet --verbose --no-progress --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --listen)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _linear__planner__sync -o nosort -o bashdefault -o default linear-planner-sync
else
    complete -F _linear__planner__sync -o bashdefault -o default linear-planner-sync
fi
