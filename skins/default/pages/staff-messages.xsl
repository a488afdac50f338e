<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Every conversation for the team, and the form to start one. -->
  <xsl:template match="content" mode="page">
    <h1>Messages</h1>
    <form method="get" action="{$base}/staff/messages" class="filter" role="search" aria-label="Messages">
      <div class="ctl">
        <label for="f-filter-client">Client</label>
        <select id="f-filter-client" name="client">
          <option value="">All clients</option>
          <xsl:for-each select="clients/client">
            <option value="{id}"><xsl:if test="id = /atrium/content/threads/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
          </xsl:for-each>
        </select>
      </div>
      <button type="submit">Show</button>
    </form>
    <xsl:choose>
      <xsl:when test="threads/thread">
        <ul class="thread-list list">
          <xsl:for-each select="threads/thread">
            <li id="thread-{id}">
              <xsl:if test="unread = '1'"><xsl:attribute name="class">unread</xsl:attribute></xsl:if>
              <a href="{$base}/staff/messages/{id}"><xsl:value-of select="subject"/></a>
              <xsl:if test="unread = '1'"><xsl:text> </xsl:text><span class="badge badge-needs-review">New</span></xsl:if>
              <p class="small">
                <xsl:value-of select="client"/>
                <xsl:if test="project"><xsl:text> · </xsl:text><xsl:value-of select="project"/></xsl:if>
                <xsl:text> · </xsl:text><span class="when"><xsl:value-of select="when"/></span>
              </p>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="empty">
          <xsl:with-param name="icon">message</xsl:with-param>
          <xsl:with-param name="title">No conversations yet.</xsl:with-param>
          <xsl:with-param name="text">Start one with a client's contacts below.</xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <h2 id="new-h">Write to a client</h2>
    <form method="post" action="{$base}/staff/messages" enctype="multipart/form-data" class="stack" aria-labelledby="new-h">
      <xsl:call-template name="csrf"/>
      <div class="field">
        <label for="f-client">Client</label>
        <select id="f-client" name="client" required="required">
          <xsl:for-each select="clients/client">
            <option value="{id}"><xsl:if test="id = /atrium/content/threads/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
          </xsl:for-each>
        </select>
      </div>
      <xsl:variable name="tf" select="form/field[@name = 'to']"/>
      <div class="field{substring(' has-error', 1, 10 * boolean($tf/@error))}">
        <label for="f-to">To</label>
        <select id="f-to" name="to" required="required">
          <option value="all">All of the client's contacts</option>
          <xsl:for-each select="contacts/contact">
            <option value="{id}"><xsl:value-of select="name"/></option>
          </xsl:for-each>
        </select>
        <xsl:if test="$tf/@error"><p class="error"><xsl:value-of select="$tf/@error"/></p></xsl:if>
      </div>
      <xsl:call-template name="field">
        <xsl:with-param name="name">subject</xsl:with-param>
        <xsl:with-param name="label">Subject</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name">body</xsl:with-param>
        <xsl:with-param name="label">Message</xsl:with-param>
        <xsl:with-param name="type">textarea</xsl:with-param>
        <xsl:with-param name="hint">Markdown.</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name">file1</xsl:with-param>
        <xsl:with-param name="label">Attachment (optional)</xsl:with-param>
        <xsl:with-param name="type">file</xsl:with-param>
      </xsl:call-template>
      <p><button type="submit" class="primary">Send</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
