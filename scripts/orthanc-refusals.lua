-- A PACS that refuses: a C-FIND for patient ID REFUSE is answered with a failure status (the error below), so that
-- tests see what the workstation says when a node answers with an error (loaded by scripts/orthanc.sh). Orthanc 1.10
-- answers a filtered C-STORE with Success, so a refused store cannot be staged this way.
function IncomingFindRequestFilter(query, origin)
   if query['0010,0020'] == 'REFUSE' then
      error('searches for patient REFUSE are refused')
   end
   return query
end
