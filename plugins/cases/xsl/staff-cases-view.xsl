<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/cases/xsl/cases-common.xsl"/>
  <!-- The canned replies' "Insert" buttons (the page works without them). -->
  <xsl:template name="head-extra">
    <script src="{$base}/staff/cases/canned.js" defer="defer"></script>
  </xsl:template>
  <!-- One case for the team: everything, a reply and a separate internal note. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="k" select="case"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/cases">Cases</a></nav>
    <h1>#<xsl:value-of select="$k/id"/><xsl:text> </xsl:text><xsl:value-of select="$k/subject"/> <span class="small"> · <xsl:value-of select="$k/client"/></span></h1>
    <dl class="facts">
      <dt>Status</dt><dd><xsl:call-template name="cs-status"><xsl:with-param name="s" select="$k/status"/></xsl:call-template></dd>
      <dt>Type</dt><dd><xsl:value-of select="$k/type"/></dd>
      <dt>Priority</dt><dd><xsl:call-template name="cs-prio"><xsl:with-param name="p" select="$k/priority"/></xsl:call-template></dd>
      <xsl:if test="$k/project"><dt>Project</dt><dd><xsl:value-of select="$k/project"/></dd></xsl:if>
      <dt>Opened</dt><dd><xsl:value-of select="$k/@created"/> by <xsl:value-of select="$k/opener"/></dd>
      <dt>Owner</dt><dd><xsl:choose><xsl:when test="$k/owner"><xsl:value-of select="$k/owner"/></xsl:when><xsl:otherwise>Unassigned</xsl:otherwise></xsl:choose></dd>
      <dt>Watchers</dt><dd><xsl:for-each select="watchers/person"><xsl:value-of select="name"/><xsl:if test="position() != last()">, </xsl:if></xsl:for-each><xsl:if test="not(watchers/person)">None</xsl:if></dd>
      <dt>SLA</dt><dd><xsl:call-template name="cs-sla"><xsl:with-param name="sla" select="$k/sla"/></xsl:call-template></dd>
    </dl>
    <div class="markdown"><xsl:copy-of select="$k/description/html/node()"/></div>
    <xsl:call-template name="cs-thread"><xsl:with-param name="prefix">/staff/cases/</xsl:with-param></xsl:call-template>
    <xsl:if test="$k/status != 'closed'">
      <section aria-labelledby="reply-h">
        <h2 id="reply-h">Reply to the client</h2>
        <p class="hint">The client sees this reply and gets it by e-mail.</p>
        <xsl:if test="canned/reply">
          <details><summary>Canned replies</summary>
            <ul><xsl:for-each select="canned/reply"><li><strong><xsl:value-of select="title"/></strong>: <span id="canned-{id}"><xsl:value-of select="body"/></span><xsl:text> </xsl:text><button type="button" class="small" data-canned="canned-{id}" hidden="hidden" aria-label="Insert “{title}” into the reply">Insert</button></li></xsl:for-each></ul>
          </details>
        </xsl:if>
        <form method="post" action="{$base}/staff/cases/{$k/id}/reply" class="stack" enctype="multipart/form-data">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="field"><xsl:with-param name="name">body</xsl:with-param><xsl:with-param name="id">f-reply-body</xsl:with-param><xsl:with-param name="label">Reply (visible to the client)</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="value" select="string(reply_text)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:if test="canned/reply">
            <div class="field">
              <xsl:if test="reply_text/@error"><xsl:attribute name="class">field has-error</xsl:attribute></xsl:if>
              <label for="f-canned">Canned reply</label>
              <p class="hint" id="h-canned">“Use” adds it after what you typed in the reply; nothing is sent yet.</p>
              <select id="f-canned" name="canned" aria-describedby="h-canned">
                <option value="">Choose…</option>
                <xsl:for-each select="canned/reply"><option value="{id}"><xsl:value-of select="title"/></option></xsl:for-each>
              </select>
              <xsl:text> </xsl:text>
              <button type="submit" formaction="{$base}/staff/cases/{$k/id}/canned" formnovalidate="formnovalidate">Use</button>
              <xsl:if test="reply_text/@error"><p class="error" id="e-canned"><xsl:value-of select="reply_text/@error"/></p></xsl:if>
            </div>
          </xsl:if>
          <xsl:call-template name="field"><xsl:with-param name="name">file</xsl:with-param><xsl:with-param name="id">f-reply-file</xsl:with-param><xsl:with-param name="label">Attach a file for the client (optional)</xsl:with-param><xsl:with-param name="type">file</xsl:with-param></xsl:call-template>
          <div class="field">
            <label for="f-then">Then the case is</label>
            <select id="f-then" name="then">
              <option value="open">Open</option>
              <option value="waiting"><xsl:if test="reply_text/@then = 'waiting'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Waiting on the client</option>
              <option value="resolved"><xsl:if test="reply_text/@then = 'resolved'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Resolved</option>
            </select>
          </div>
          <p><button type="submit" class="primary">Send reply to the client</button></p>
        </form>
      </section>
    </xsl:if>
    <section aria-labelledby="note-h" class="card">
      <h2 id="note-h"><span class="badge badge-internal">Internal</span> Internal note</h2>
      <p class="hint">Only the team sees notes. A note is never sent to the client and never becomes a reply.</p>
      <form method="post" action="{$base}/staff/cases/{$k/id}/note" class="stack" enctype="multipart/form-data">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="name">body</xsl:with-param><xsl:with-param name="id">f-note-body</xsl:with-param><xsl:with-param name="label">Internal note (team only)</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">file</xsl:with-param><xsl:with-param name="id">f-note-file</xsl:with-param><xsl:with-param name="label">Attach an internal file (optional)</xsl:with-param><xsl:with-param name="type">file</xsl:with-param></xsl:call-template>
        <p><button type="submit">Save internal note</button></p>
      </form>
    </section>
    <h2>Owner, status and priority</h2>
    <form method="post" action="{$base}/staff/cases/{$k/id}/update" class="stack">
      <xsl:call-template name="csrf"/>
      <div class="field">
        <label for="f-owner">Owner</label>
        <select id="f-owner" name="owner">
          <option value="">Unchanged</option>
          <xsl:for-each select="staff/person"><option value="{id}"><xsl:if test="id = $k/owner_id"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option></xsl:for-each>
        </select>
      </div>
      <div class="field">
        <label for="f-status">Status</label>
        <select id="f-status" name="status">
          <option value="">Unchanged</option>
          <option value="open">Open<xsl:if test="$k/status = 'closed'"> (reopen)</xsl:if></option>
          <option value="waiting">Waiting on client</option>
          <option value="resolved">Resolved</option>
          <option value="closed">Closed</option>
        </select>
      </div>
      <div class="field">
        <label for="f-priority">Priority</label>
        <select id="f-priority" name="priority">
          <option value="">Unchanged</option>
          <option value="low">Low</option><option value="normal">Normal</option><option value="high">High</option><option value="urgent">Urgent</option>
        </select>
      </div>
      <div class="field">
        <label for="f-type">Type</label>
        <select id="f-type" name="type">
          <option value="">Unchanged</option>
          <xsl:for-each select="types/type"><option value="{id}"><xsl:value-of select="name"/></option></xsl:for-each>
        </select>
      </div>
      <p><button type="submit">Save</button></p>
    </form>
    <h2>Watchers</h2>
    <form method="post" action="{$base}/staff/cases/{$k/id}/watch" class="inline">
      <xsl:call-template name="csrf"/>
      <input type="hidden" name="on" value="1"/>
      <button type="submit">Watch this case</button>
    </form>
    <form method="post" action="{$base}/staff/cases/{$k/id}/watch" class="inline">
      <xsl:call-template name="csrf"/>
      <button type="submit">Stop watching</button>
    </form>
  </xsl:template>
</xsl:stylesheet>
