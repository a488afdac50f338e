<?xml version="1.0" encoding="UTF-8"?>
<!-- Templates the cases and change-request pages share. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- A case's status for people. -->
  <xsl:template name="cs-status">
    <xsl:param name="s"/>
    <xsl:call-template name="badge">
      <xsl:with-param name="status" select="$s"/>
      <xsl:with-param name="label">
        <xsl:choose>
          <xsl:when test="$s = 'new'">New</xsl:when>
          <xsl:when test="$s = 'open'">Open</xsl:when>
          <xsl:when test="$s = 'waiting'">Waiting on client</xsl:when>
          <xsl:when test="$s = 'resolved'">Resolved</xsl:when>
          <xsl:when test="$s = 'closed'">Closed</xsl:when>
          <xsl:when test="$s = 'submitted'">Submitted</xsl:when>
          <xsl:when test="$s = 'review'">Under review</xsl:when>
          <xsl:when test="$s = 'estimated'">Estimate ready</xsl:when>
          <xsl:when test="$s = 'signing'">Awaiting signature</xsl:when>
          <xsl:when test="$s = 'approved'">Approved</xsl:when>
          <xsl:when test="$s = 'rejected'">Rejected</xsl:when>
          <xsl:when test="$s = 'scheduled'">Scheduled</xsl:when>
          <xsl:when test="$s = 'done'">Done</xsl:when>
          <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <!-- A priority for people. -->
  <xsl:template name="cs-prio">
    <xsl:param name="p"/>
    <xsl:choose>
      <xsl:when test="$p = 'low'">Low</xsl:when>
      <xsl:when test="$p = 'normal'">Normal</xsl:when>
      <xsl:when test="$p = 'high'">High</xsl:when>
      <xsl:when test="$p = 'urgent'">Urgent</xsl:when>
    </xsl:choose>
  </xsl:template>
  <!-- A change request's category for people. -->
  <xsl:template name="cr-cat">
    <xsl:param name="c"/>
    <xsl:choose>
      <xsl:when test="$c = 'feature'">Feature</xsl:when>
      <xsl:when test="$c = 'bugfix'">Bug fix</xsl:when>
      <xsl:when test="$c = 'enhancement'">Enhancement</xsl:when>
      <xsl:otherwise>Other</xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- One SLA target: time left, late, paused, met or missed. -->
  <xsl:template name="cs-sla-one">
    <xsl:param name="state"/>
    <xsl:param name="text"/>
    <xsl:variable name="tone">
      <xsl:choose>
        <xsl:when test="$state = 'late' or $state = 'missed'">bad</xsl:when>
        <xsl:when test="$state = 'paused'">neutral</xsl:when>
        <xsl:when test="$state = 'met'">ok</xsl:when>
        <xsl:otherwise>info</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <span class="badge badge-tone-{$tone}"><xsl:value-of select="$text"/></span>
  </xsl:template>
  <xsl:template name="cs-sla">
    <xsl:param name="sla"/>
    <span class="small">Response: </span><xsl:call-template name="cs-sla-one"><xsl:with-param name="state" select="$sla/@response"/><xsl:with-param name="text" select="$sla/@response_text"/></xsl:call-template>
    <xsl:text> </xsl:text>
    <span class="small">Resolution: </span><xsl:call-template name="cs-sla-one"><xsl:with-param name="state" select="$sla/@resolution"/><xsl:with-param name="text" select="$sla/@resolution_text"/></xsl:call-template>
  </xsl:template>
  <!-- A table of cases. -->
  <xsl:template name="cs-rows">
    <xsl:param name="list"/>
    <xsl:param name="prefix"/>
    <xsl:param name="pick" select="false()"/>
    <div class="table-wrap">
    <table class="list">
      <thead><tr>
        <xsl:if test="$pick"><th scope="col"><span class="visually-hidden">Pick</span></th></xsl:if>
        <th scope="col">Case</th><th scope="col">Status</th><th scope="col">Priority</th><th scope="col">SLA</th><th scope="col">Owner</th><th scope="col">Updated</th></tr></thead>
      <tbody>
        <xsl:for-each select="$list/case">
          <tr>
            <xsl:if test="$pick"><td><input type="checkbox" name="case" value="{id}" id="pick-{id}" aria-label="Pick case {id}"/></td></xsl:if>
            <td><a href="{$base}{$prefix}{id}">#<xsl:value-of select="id"/><xsl:text> </xsl:text><xsl:value-of select="subject"/></a>
              <br/><span class="small"><xsl:value-of select="type"/><xsl:if test="$pick"> · <xsl:value-of select="client"/></xsl:if></span></td>
            <td><xsl:call-template name="cs-status"><xsl:with-param name="s" select="status"/></xsl:call-template></td>
            <td><xsl:call-template name="cs-prio"><xsl:with-param name="p" select="priority"/></xsl:call-template></td>
            <td><xsl:call-template name="cs-sla"><xsl:with-param name="sla" select="sla"/></xsl:call-template></td>
            <td><xsl:value-of select="owner"/></td>
            <td><xsl:value-of select="@updated"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
    </div>
  </xsl:template>
  <!-- The conversation: replies, and (staff) internal notes drawn apart. -->
  <xsl:template name="cs-thread">
    <xsl:param name="prefix"/>
    <h2>Conversation</h2>
    <xsl:choose>
      <xsl:when test="messages/message">
        <ol class="card-items thread">
          <xsl:for-each select="messages/message">
            <li id="m{@id}">
              <xsl:choose>
                <xsl:when test="@kind = 'note'">
                  <p><span class="badge badge-internal">Internal note: the client never sees this</span>
                    <xsl:text> </xsl:text><strong><xsl:value-of select="@author"/></strong>
                    <span class="when"><xsl:value-of select="@when"/></span></p>
                  <blockquote class="markdown"><xsl:copy-of select="body/html/node()"/></blockquote>
                </xsl:when>
                <xsl:otherwise>
                  <p><strong><xsl:value-of select="@author"/></strong>
                    <xsl:if test="@team = '1'"><xsl:text> </xsl:text><span class="badge badge-tone-info">Team</span></xsl:if>
                    <xsl:if test="@via = 'mail'"><xsl:text> </xsl:text><span class="small">(by e-mail)</span></xsl:if>
                    <span class="when"><xsl:value-of select="@when"/></span></p>
                  <div class="markdown"><xsl:copy-of select="body/html/node()"/></div>
                </xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ol>
      </xsl:when>
      <xsl:otherwise><p class="empty">No reply yet.</p></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="files/file">
      <h2>Files</h2>
      <ul>
        <xsl:for-each select="files/file">
          <li><a href="{$base}{$prefix}{/atrium/content/case/id}/files/{id}"><xsl:value-of select="name"/></a>
            <xsl:if test="visible = '0'"><xsl:text> </xsl:text><span class="badge badge-internal">Internal</span></xsl:if></li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>
  <!-- Type, priority, project fields of a new case. -->
  <xsl:template name="cs-fields">
    <div class="field">
      <label for="f-type">Type</label>
      <select id="f-type" name="type">
        <xsl:for-each select="types/type">
          <option value="{id}"><xsl:if test="id = /atrium/content/form/field[@name = 'type']/@value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
        </xsl:for-each>
      </select>
    </div>
    <xsl:call-template name="field"><xsl:with-param name="name">subject</xsl:with-param><xsl:with-param name="label">Subject</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="name">body</xsl:with-param><xsl:with-param name="label">Description</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="hint">Markdown works: **bold**, lists, links.</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
    <xsl:call-template name="cs-prio-field"/>
    <xsl:call-template name="cs-project-field"/>
    <xsl:call-template name="field"><xsl:with-param name="name">file</xsl:with-param><xsl:with-param name="label">Attach a file (optional)</xsl:with-param><xsl:with-param name="type">file</xsl:with-param></xsl:call-template>
  </xsl:template>
  <xsl:template name="cs-prio-field">
    <xsl:variable name="v" select="/atrium/content/form/field[@name = 'priority']/@value"/>
    <div class="field">
      <label for="f-priority">Priority</label>
      <select id="f-priority" name="priority">
        <option value="low"><xsl:if test="$v = 'low'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Low</option>
        <option value="normal"><xsl:if test="not($v) or $v = 'normal'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Normal</option>
        <option value="high"><xsl:if test="$v = 'high'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>High</option>
        <option value="urgent"><xsl:if test="$v = 'urgent'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Urgent</option>
      </select>
    </div>
  </xsl:template>
  <xsl:template name="cs-project-field">
    <xsl:variable name="f" select="/atrium/content/form/field[@name = 'project']"/>
    <div class="field"><xsl:if test="$f/@error"><xsl:attribute name="class">field has-error</xsl:attribute></xsl:if>
      <label for="f-project">Project (optional)</label>
      <select id="f-project" name="project">
        <option value="">None</option>
        <xsl:for-each select="projects/project">
          <option value="{id}"><xsl:if test="id = $f/@value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
        </xsl:for-each>
      </select>
      <xsl:if test="$f/@error"><p class="error" id="e-project"><xsl:value-of select="$f/@error"/></p></xsl:if>
    </div>
  </xsl:template>
  <!-- The client picker of a staff form. -->
  <xsl:template name="cs-client-field">
    <xsl:param name="url"/>
    <div class="field">
      <label for="f-client">Client</label>
      <select id="f-client" name="client" required="required">
        <option value="">Choose…</option>
        <xsl:for-each select="clients/client">
          <option value="{id}"><xsl:if test="id = /atrium/content/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
        </xsl:for-each>
      </select>
      <p class="hint" id="h-client">To list the client's projects, <a href="{$base}{$url}">pick the client first</a> (?client=ID).</p>
    </div>
  </xsl:template>
  <!-- A table of change requests. -->
  <xsl:template name="cr-rows">
    <xsl:param name="list"/>
    <xsl:param name="prefix"/>
    <div class="table-wrap">
    <table class="list">
      <thead><tr><th scope="col">Change</th><th scope="col">Category</th><th scope="col">Status</th><th scope="col">Estimate</th><th scope="col">Filed</th></tr></thead>
      <tbody>
        <xsl:for-each select="$list/change">
          <tr>
            <td><a href="{$base}{$prefix}{id}"><xsl:value-of select="title"/></a>
              <xsl:if test="$prefix = '/staff/changes/'"><br/><span class="small"><xsl:value-of select="client"/></span></xsl:if></td>
            <td><xsl:call-template name="cr-cat"><xsl:with-param name="c" select="category"/></xsl:call-template></td>
            <td><xsl:call-template name="cs-status"><xsl:with-param name="s" select="status"/></xsl:call-template></td>
            <td><xsl:if test="total != '0'"><xsl:value-of select="@total_text"/></xsl:if></td>
            <td><xsl:value-of select="@created"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
    </div>
  </xsl:template>
  <!-- The fields of a new change request. -->
  <xsl:template name="cr-fields">
    <xsl:call-template name="field"><xsl:with-param name="name">title</xsl:with-param><xsl:with-param name="label">Title</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
    <xsl:variable name="c" select="/atrium/content/form/field[@name = 'category']"/>
    <div class="field"><xsl:if test="$c/@error"><xsl:attribute name="class">field has-error</xsl:attribute></xsl:if>
      <label for="f-category">Category</label>
      <select id="f-category" name="category">
        <option value="feature"><xsl:if test="$c/@value = 'feature'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Feature</option>
        <option value="bugfix"><xsl:if test="$c/@value = 'bugfix'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Bug fix</option>
        <option value="enhancement"><xsl:if test="$c/@value = 'enhancement'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Enhancement</option>
        <option value="other"><xsl:if test="$c/@value = 'other'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Other</option>
      </select>
      <xsl:if test="$c/@error"><p class="error" id="e-category"><xsl:value-of select="$c/@error"/></p></xsl:if>
    </div>
    <xsl:call-template name="cs-prio-field"/>
    <xsl:call-template name="field"><xsl:with-param name="name">description</xsl:with-param><xsl:with-param name="label">Description</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="hint">Markdown works.</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="name">justification</xsl:with-param><xsl:with-param name="label">Justification</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="name">benefit</xsl:with-param><xsl:with-param name="label">Expected benefit</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
    <xsl:call-template name="cs-project-field"/>
  </xsl:template>
  <!-- The estimate of a change request: scope, lines, total, moves. -->
  <xsl:template name="cr-estimate">
    <xsl:variable name="c" select="change"/>
    <xsl:if test="$c/scope_html">
      <h2>Estimate</h2>
      <div class="markdown"><xsl:copy-of select="$c/scope_html/html/node()"/></div>
      <div class="table-wrap">
      <table class="list">
        <thead><tr><th scope="col">Item</th><th scope="col">Quantity</th><th scope="col">Price</th><th scope="col">Amount</th></tr></thead>
        <tbody>
          <xsl:for-each select="lines/line">
            <tr><td><xsl:value-of select="description"/></td><td><xsl:value-of select="@qty"/></td><td><xsl:value-of select="@unit_text"/></td><td><xsl:value-of select="@amount_text"/></td></tr>
          </xsl:for-each>
        </tbody>
        <tfoot><tr><th scope="row" colspan="3">Total</th><td><xsl:value-of select="$c/@total_text"/></td></tr></tfoot>
      </table>
      </div>
      <p>Schedule impact: <strong><xsl:value-of select="$c/schedule_days"/> days</strong>.</p>
      <xsl:if test="moves/move">
        <h3>Milestones that move</h3>
        <ul>
          <xsl:for-each select="moves/move">
            <li><xsl:value-of select="title"/>: <xsl:value-of select="old_due"/> → <xsl:value-of select="new_due"/>
              <xsl:if test="moved_at"><xsl:text> </xsl:text><span class="badge badge-tone-ok">moved</span></xsl:if></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </xsl:if>
    <xsl:if test="$c/decided_at">
      <p>
        <xsl:choose><xsl:when test="$c/status = 'rejected'">Rejected</xsl:when><xsl:otherwise>Approved</xsl:otherwise></xsl:choose>
        by <xsl:value-of select="$c/decided_name"/> on <xsl:value-of select="$c/@decided"/>
        <xsl:if test="$c/decided_addr"> from <xsl:value-of select="$c/decided_addr"/></xsl:if>.
        <xsl:if test="$c/decision_note"> “<xsl:value-of select="$c/decision_note"/>”</xsl:if>
      </p>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
