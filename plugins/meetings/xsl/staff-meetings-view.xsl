<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/meetings/xsl/meetings-common.xsl"/>
  <!-- One meeting for staff, with every action and all notes. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="m" select="meeting"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/meetings">Meetings</a></nav>
    <h1><xsl:value-of select="$m/topic"/> <span class="small"> · <xsl:value-of select="$m/client"/></span></h1>
    <dl class="facts">
      <dt>Status</dt><dd><xsl:call-template name="badge"><xsl:with-param name="status" select="$m/status"/></xsl:call-template></dd>
      <dt>When</dt><dd><xsl:call-template name="mt-when"><xsl:with-param name="m" select="$m"/></xsl:call-template></dd>
      <dt>Type</dt><dd><xsl:call-template name="mt-type"><xsl:with-param name="t" select="$m/type"/></xsl:call-template></dd>
      <dt>Requested by</dt><dd><xsl:value-of select="$m/requester"/></dd>
      <dt>Attending</dt><dd><xsl:value-of select="$m/attendees"/></dd>
      <xsl:if test="$m/notes"><dt>Client's notes</dt><dd><xsl:value-of select="$m/notes"/></dd></xsl:if>
      <xsl:if test="$m/location"><dt>Place</dt><dd><xsl:value-of select="$m/location"/></dd></xsl:if>
      <xsl:if test="$m/video_url"><dt>Video link</dt><dd><xsl:value-of select="$m/video_url"/></dd></xsl:if>
    </dl>
    <xsl:if test="$m/start_at"><p><a href="{$base}/staff/meetings/{$m/id}/ics">.ics file</a></p></xsl:if>
    <xsl:if test="$m/status != 'cancelled' and $m/status != 'held'">
      <h2>Confirm</h2>
      <form method="post" action="{$base}/staff/meetings/{$m/id}/confirm" class="stack">
        <xsl:call-template name="csrf"/>
        <!-- Prefilled with the time already set, else the one the client asked for. -->
        <xsl:variable name="at">
          <xsl:choose>
            <xsl:when test="$m/@start_at"><xsl:value-of select="$m/@start_at"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$m/@pref_start"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:call-template name="field"><xsl:with-param name="name">date</xsl:with-param><xsl:with-param name="label">Date</xsl:with-param><xsl:with-param name="type">date</xsl:with-param><xsl:with-param name="value" select="substring($at, 1, 10)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">time</xsl:with-param><xsl:with-param name="label">Time</xsl:with-param><xsl:with-param name="type">time</xsl:with-param><xsl:with-param name="value" select="substring($at, 12, 5)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">minutes</xsl:with-param><xsl:with-param name="label">Duration (minutes)</xsl:with-param><xsl:with-param name="type">number</xsl:with-param><xsl:with-param name="value"><xsl:choose><xsl:when test="$m/duration_min &gt; 0"><xsl:value-of select="$m/duration_min"/></xsl:when><xsl:otherwise>30</xsl:otherwise></xsl:choose></xsl:with-param></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">location</xsl:with-param><xsl:with-param name="label">Place</xsl:with-param></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">video_url</xsl:with-param><xsl:with-param name="label">Video link</xsl:with-param><xsl:with-param name="type">url</xsl:with-param></xsl:call-template>
        <fieldset class="field"><legend>Attendees</legend>
          <xsl:for-each select="people/person">
            <label><input type="checkbox" name="attendee" value="{id}"><xsl:if test="attending = '1'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if></input>
              <xsl:value-of select="name"/> <span class="small">(<xsl:value-of select="role"/>)</span></label>
          </xsl:for-each>
        </fieldset>
        <p><button type="submit" class="primary">Confirm and tell the client</button></p>
      </form>
      <h2>Propose another time</h2>
      <form method="post" action="{$base}/staff/meetings/{$m/id}/propose" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="name">date</xsl:with-param><xsl:with-param name="id">f-propose-date</xsl:with-param><xsl:with-param name="label">Date</xsl:with-param><xsl:with-param name="type">date</xsl:with-param></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">time</xsl:with-param><xsl:with-param name="id">f-propose-time</xsl:with-param><xsl:with-param name="label">Time</xsl:with-param><xsl:with-param name="type">time</xsl:with-param></xsl:call-template>
        <p><button type="submit">Propose</button></p>
      </form>
      <h2>Decline, cancel or mark held</h2>
      <form method="post" action="{$base}/staff/meetings/{$m/id}/status" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="name">reason</xsl:with-param><xsl:with-param name="label">Reason (to decline)</xsl:with-param></xsl:call-template>
        <p>
          <button type="submit" name="action" value="decline">Decline</button>
          <button type="submit" name="action" value="cancel" class="danger">Cancel the meeting</button>
          <button type="submit" name="action" value="held">Mark as held</button>
        </p>
      </form>
    </xsl:if>
    <h2>Notes and decisions</h2>
    <ul class="notes">
      <xsl:for-each select="notes/note">
        <li><strong><xsl:value-of select="kind"/></strong>
          <xsl:choose><xsl:when test="visible = '1'"> <span class="badge badge-approved">Shared</span></xsl:when><xsl:otherwise> <span class="badge">Internal</span></xsl:otherwise></xsl:choose>
          <span class="when"><xsl:value-of select="author"/> · <xsl:value-of select="created_at"/></span>
          <p><xsl:value-of select="body"/></p>
          <form method="post" action="{$base}/staff/meetings/{$m/id}/notes/{id}" class="inline">
            <xsl:call-template name="csrf"/>
            <xsl:choose>
              <xsl:when test="visible = '1'"><button type="submit">Hide from the client</button></xsl:when>
              <xsl:otherwise><input type="hidden" name="visible" value="1"/><button type="submit">Share with the client</button></xsl:otherwise>
            </xsl:choose>
          </form>
        </li>
      </xsl:for-each>
    </ul>
    <form method="post" action="{$base}/staff/meetings/{$m/id}/notes" class="stack">
      <xsl:call-template name="csrf"/>
      <div class="field"><label for="f-kind">Kind</label>
        <select id="f-kind" name="kind"><option value="note">Note</option><option value="decision">Decision</option></select></div>
      <xsl:call-template name="field"><xsl:with-param name="name">body</xsl:with-param><xsl:with-param name="label">Text</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
      <div class="field"><label><input type="checkbox" name="visible" value="1"/> Share with the client now</label></div>
      <p><button type="submit">Add</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
