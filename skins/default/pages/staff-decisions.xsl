<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- The decision log for the team, and the form to record one. -->
  <xsl:template match="content" mode="page">
    <h1>Decisions</h1>
    <form method="get" action="{$base}/staff/decisions" class="filter" role="search" aria-label="Decisions">
      <div class="ctl">
        <label for="f-client">Client</label>
        <select id="f-client" name="client">
        <option value="">All clients</option>
        <xsl:for-each select="clients/client">
          <option value="{id}"><xsl:if test="id = /atrium/content/decisions/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
        </xsl:for-each>
      </select>
      </div>
      <button type="submit">Show</button>
    </form>
    <h2>Record a decision</h2>
    <form method="post" action="{$base}/staff/decisions" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:variable name="pf" select="form/field[@name = 'project']"/>
      <div class="field{substring(' has-error', 1, 10 * boolean($pf/@error))}">
        <label for="f-project">Project</label>
        <select id="f-project" name="project" required="required">
          <option value="">Choose a project</option>
          <xsl:for-each select="projects/project">
            <option value="{id}"><xsl:if test="id = $pf/@value or (not($pf) and id = /atrium/content/decisions/@project)"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="client"/>: <xsl:value-of select="name"/></option>
          </xsl:for-each>
        </select>
        <xsl:if test="$pf/@error"><p class="error"><xsl:value-of select="$pf/@error"/></p></xsl:if>
      </div>
      <xsl:call-template name="field">
        <xsl:with-param name="name">title</xsl:with-param>
        <xsl:with-param name="label">Decision</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name">detail</xsl:with-param>
        <xsl:with-param name="label">Detail</xsl:with-param>
        <xsl:with-param name="type">textarea</xsl:with-param>
        <xsl:with-param name="hint">Markdown.</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name">decided_by</xsl:with-param>
        <xsl:with-param name="label">Decided by</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name">decided_on</xsl:with-param>
        <xsl:with-param name="label">Date</xsl:with-param>
        <xsl:with-param name="type">date</xsl:with-param>
        <xsl:with-param name="value" select="today"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <div class="field">
        <label><input type="checkbox" name="visible" value="1"/> Share with the client (otherwise internal)</label>
      </div>
      <p><button type="submit" class="primary">Record</button></p>
    </form>
    <h2>Log</h2>
    <xsl:choose>
      <xsl:when test="decisions/decision">
        <xsl:apply-templates select="decisions/decision" mode="section"/>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">scale</xsl:with-param><xsl:with-param name="title">No decisions recorded.</xsl:with-param><xsl:with-param name="text">Record one with the form above; approved requests are logged here too.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
