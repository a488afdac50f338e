<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- Every request: pending ones first, oldest first. -->
  <xsl:template match="content" mode="page">
    <h1>Approvals</h1>
    <p><a href="{$base}/staff/approvals/new">Ask for approval</a></p>
    <form method="get" action="{$base}/staff/approvals" class="filter" role="search" aria-label="Approvals">
      <div class="ctl">
        <label for="f-client">Client</label>
        <select id="f-client" name="client">
        <option value="">All clients</option>
        <xsl:for-each select="clients/client">
          <option value="{id}"><xsl:if test="id = /atrium/content/approvals/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
        </xsl:for-each>
      </select>
      </div>
      <button type="submit">Show</button>
    </form>
    <xsl:choose>
      <xsl:when test="approvals/approval">
        <xsl:for-each select="approvals"><xsl:call-template name="hs-approval-table"/></xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">check-circle</xsl:with-param><xsl:with-param name="title">No approvals asked for.</xsl:with-param><xsl:with-param name="text">Ask a client to approve a file or deliverable from a project page.</xsl:with-param><xsl:with-param name="href">/staff/projects</xsl:with-param><xsl:with-param name="label">Go to projects</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
